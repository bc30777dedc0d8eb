const http = require("node:http");
const ms = require("ms");

let dev = "present";
try {
  require.resolve("is-number");
} catch {
  dev = "absent";
}

const server = http.createServer((_request, response) => {
  response.writeHead(200, { "Content-Type": "text/plain" });
  response.end(`Hello from node-yarn (Node.js ${process.version}, one minute is ${ms("1m")} ms, dev dependencies ${dev})\n`);
});
const port = Number(process.env.PORT ?? 3000);
server.listen(port, process.env.HOST ?? "127.0.0.1", () => console.log(`node-yarn listening on port ${port}`));
