// The bare Node.js comparison server for bench/run.sh: the lookups json-server answers, with nothing else
// in the way (no framework, no middleware, no persistence). json-server is built on Node's http, so it can
// only be slower than this.
//
//   node bench/node-server.js DB_FILE READY_FILE
//
// Listens on 127.0.0.1 with a free port and writes "http://127.0.0.1:PORT\n" to READY_FILE.
//   GET /users/:id                            one item, found through an id index (like json-server's lookup)
//   GET /users?age:gte=N&_sort=-age&_page=P   filter, stable sort, json-server v1 page envelope (_per_page 10)
"use strict";
const http = require("http");
const fs = require("fs");

const [dbFile, readyFile] = process.argv.slice(2);
const users = JSON.parse(fs.readFileSync(dbFile, "utf8")).users;
const byId = new Map(users.map((user) => [String(user.id), user]));

function send(res, status, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

function page(items, number, perPage) {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(Math.max(1, number), pages);
  return {
    first: 1,
    prev: current > 1 ? current - 1 : null,
    next: current < pages ? current + 1 : null,
    last: pages,
    pages,
    items: items.length,
    data: items.slice((current - 1) * perPage, current * perPage),
  };
}

function list(res, query) {
  let items = users;
  const gte = query.get("age:gte");
  if (gte !== null) {
    const bound = Number(gte);
    items = items.filter((user) => user.age >= bound);
  }
  const sort = query.get("_sort");
  if (sort) {
    const descending = sort.startsWith("-");
    const field = descending ? sort.slice(1) : sort;
    items = (items === users ? items.slice() : items).sort((a, b) => {
      const order = a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0;
      return descending ? -order : order;
    });
  }
  if (query.has("_page")) {
    send(res, 200, page(items, Number(query.get("_page")), Number(query.get("_per_page") || 10)));
  } else {
    send(res, 200, items);
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const parts = url.pathname.split("/").filter(Boolean);
  if (req.method !== "GET" || parts[0] !== "users" || parts.length > 2) {
    return send(res, 404, { error: "Not Found" });
  }
  if (parts.length === 1) return list(res, url.searchParams);
  const user = byId.get(parts[1]);
  return user ? send(res, 200, user) : send(res, 404, { error: "Not Found" });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => {
  const address = `http://127.0.0.1:${server.address().port}\n`;
  fs.writeFileSync(readyFile + ".tmp", address);
  fs.renameSync(readyFile + ".tmp", readyFile);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
