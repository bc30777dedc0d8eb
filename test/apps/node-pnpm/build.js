// The build step: uses a devDependency, then writes dist/server.js from src/server.js.
const fs = require("node:fs");
const isNumber = require("is-number");
if (!isNumber(1)) throw new Error("is-number is broken");
fs.mkdirSync("dist", { recursive: true });
fs.copyFileSync("src/server.js", "dist/server.js");
