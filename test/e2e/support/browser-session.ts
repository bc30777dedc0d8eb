/**
 * A browser as far as sign-in needs one: follows redirects itself, keeps cookies (by name, for
 * the loopback host every server of the test shares), submits the forms of the pages it gets.
 */
export class BrowserSession {
  readonly cookies = new Map<string, string>();

  /** GETs (or POSTs a form to) `url` and follows redirects until a page comes back. */
  async open(url: string, form?: Record<string, string>): Promise<{ status: number; url: string; body: string }> {
    let next = url;
    let body: URLSearchParams | undefined = form ? new URLSearchParams(form) : undefined;
    for (let hops = 0; hops < 20; hops++) {
      const answer = await fetch(next, {
        method: body ? "POST" : "GET",
        redirect: "manual",
        headers: { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
        ...(body ? { body } : {}),
      });
      for (const line of answer.headers.getSetCookie()) {
        const [pair = "", ...attributes] = line.split(";");
        const [name = "", ...value] = pair.trim().split("=");
        if (attributes.some((attribute) => /^\s*max-age=0$/i.test(attribute)) || value.join("=") === "") this.cookies.delete(name);
        else this.cookies.set(name, value.join("="));
      }
      const location = answer.headers.get("location");
      if (answer.status >= 300 && answer.status < 400 && location) {
        next = new URL(location, next).href;
        body = undefined;
        continue;
      }
      return { status: answer.status, url: next, body: await answer.text() };
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }

  /** Submits the page's last form (the first is the header's sign-out, on Hop3's pages), with its hidden fields and `fields`. */
  async submit(page: { url: string; body: string }, fields: Record<string, string> = {}): Promise<{ status: number; url: string; body: string }> {
    const form = [...page.body.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].at(-1);
    if (!form) throw new Error(`no form on ${page.url}:\n${page.body.slice(0, 500)}`);
    const hidden = Object.fromEntries([...(form[2] ?? "").matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((match) => [match[1] ?? "", match[2] ?? ""]));
    return this.open(new URL((form[1] ?? "").replaceAll("&amp;", "&"), page.url).href, { ...hidden, ...fields });
  }

  /** Signs in through the web UI's single sign-on button, as `user` at the provider's (development) sign-in page. */
  async signInWithOidc(hop3: string, user: string): Promise<{ status: number; url: string; body: string }> {
    let page = await this.open(`${hop3}/ui/sign-in/oidc`);
    for (let step = 0; step < 4 && !page.url.startsWith(hop3); step++) {
      page = await this.submit(page, page.body.includes('name="login"') ? { login: user, password: "any" } : {});
    }
    return page;
  }
}
