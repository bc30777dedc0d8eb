import { html, type Html } from "./html.ts";
import { csrfField, layout, type Viewer } from "./ui-pages.ts";

/**
 * After a single sign-on: the browser comes back from the provider's site, so the
 * SameSite=Strict session cookie is sent only from a navigation this site starts (a refresh).
 */
export function signedInPage(): Html {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/ui/"><title>Signed in · Hop3</title></head>
<body><p>Signed in. <a href="/ui/">Continue to your apps</a>.</p></body>
</html>
`;
}

/** A token for the command line (`hop3 login`), for people who sign in with a password or single sign-on. */
export function cliTokenPage(viewer: Viewer, created: { token: string; name: string; expiresAt: string | null; url: string } | null): Html {
  return layout(
    "Command-line token",
    viewer,
    html`<h1>Command-line token</h1>
${
  created
    ? html`<p>Your token <strong>${created.name}</strong>${created.expiresAt ? html` (until ${created.expiresAt.slice(0, 10)})` : null} is shown only now:</p>
<pre><code id="login-command">hop3 login --url ${created.url} --token ${created.token}</code></pre>
<p>Run it on your computer; <code>hop3 tokens</code> lists your tokens and <code>hop3 tokens:revoke ID</code> ends one.</p>`
    : html`<p>The <code>hop3</code> command line acts as you with an API token. Make one here, then run the <code>hop3 login</code> line it shows.</p>
<form method="post" action="/ui/cli-token">
${csrfField(viewer)}
<label for="name">Name of the token (e.g. your computer)</label>
<input id="name" name="name" required maxlength="64" pattern="[A-Za-z0-9._-]+" value="cli">
<label for="expires">Days until it expires</label>
<input id="expires" name="expires" type="number" min="1" max="3650" value="90">
<p><button type="submit">Create the token</button></p>
</form>`
}`,
  );
}
