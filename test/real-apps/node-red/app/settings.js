// Node-RED's settings: on the port Hop3 gives, loopback only; flows and credentials in the
// user directory (under HOME, writable and kept across deploys).
module.exports = {
  uiHost: "127.0.0.1",
  uiPort: Number(process.env.PORT),
  flowFile: "flows.json",
  credentialSecret: process.env.NODE_RED_CREDENTIAL_SECRET,
};
