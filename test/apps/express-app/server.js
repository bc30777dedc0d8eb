const express = require("express");

const app = express();

app.get("/", (_request, response) => {
  response.type("text/plain").send("Hello from express-app\n");
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? "127.0.0.1", () => console.log(`express-app listening on port ${port}`));
