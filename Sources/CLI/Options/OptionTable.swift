import Client

/// The one table of commands and options. Change the command line here only: `--help`, `man/api.1` and the
/// bash, zsh and fish completions are generated from it.
public enum OptionTable {
    public static let methods = ["get", "post", "put", "patch", "delete", "head", "options"]

    public static let commands: [CommandSpec] =
        methods.map {
            CommandSpec(
                name: $0, usage: "api [OPTIONS] \($0) TARGET [ITEM ...]",
                summary: "send a \($0.uppercased()) request")
        } + [
            CommandSpec(
                name: "serve", usage: "api serve --mock [FILE] [OPTIONS]",
                summary: "serve a JSON file as a REST API (json-server style)"),
            CommandSpec(
                name: "batch", usage: "api batch [FILE|-] [OPTIONS]",
                summary: "run NDJSON request specs in parallel over reused connections"),
            CommandSpec(name: "profiles", usage: "api profiles", summary: "list the profiles of the config file"),
            CommandSpec(
                name: "completions", usage: "api completions bash|zsh|fish",
                summary: "print a shell completion script"),
            CommandSpec(name: "help", usage: "api help [COMMAND]", summary: "show help for api or a command"),
        ]

    static let output = "Output"
    static let body = "Request body"
    static let network = "Connection"
    static let auth = "Authentication"
    static let status = "Exit status"
    static let serving = "Serve"
    static let general = "General"
    static let scripting = "Scripting"
    static let batching = "Batch"

    public static let options: [OptionSpec] = [
        // General
        OptionSpec("help", short: "h", scope: .global, section: general, help: "show help and exit"),
        OptionSpec("version", scope: .global, section: general, help: "print the version and exit"),
        OptionSpec(
            "man", scope: .global, section: general,
            help: "with help: print the manual page as roff (api help --man | man -l -)"),
        OptionSpec(
            "profile", argument: "NAME", scope: .client, section: general,
            help: "use this profile of the config file (default $API_PROFILE, else the file's default)"),
        OptionSpec(
            "base", argument: "URL", scope: .client, section: general,
            help: "base URL for path targets (default $API_BASE_URL, else \(Target.defaultBaseURL))"),

        // Output
        OptionSpec(
            "print", short: "p", argument: "WHAT", scope: .request, section: output,
            completion: .choices(["H", "B", "h", "b", "m", "hb", "HBhbm"]),
            help: "what to print: H request headers, B request body, h response headers, b response body, m metadata"),
        OptionSpec(
            "include", short: "i", scope: .request, section: output, help: "print response headers and body (-p hb)"),
        OptionSpec("verbose", short: "v", scope: .client, section: output, help: "print the request too (-p HBhbm)"),
        OptionSpec("silent", short: "s", scope: .request, section: output, help: "print no response body"),
        OptionSpec(
            "pretty", argument: "MODE", scope: .request, section: output,
            completion: .choices(["all", "colors", "format", "none"]),
            help: "all, colors, format or none (default: all on a terminal, none when piped)"),
        OptionSpec("sort-keys", scope: .request, section: output, help: "sort JSON object keys when formatting"),
        OptionSpec(
            "output", short: "o", argument: "FILE", scope: .request, section: output, completion: .file,
            help: "write the body to FILE (saved atomically: a failed download leaves no partial file)"),
        OptionSpec(
            "download", short: "d", scope: .request, section: output,
            help: "save the body to a file named by Content-Disposition or the URL (progress on a terminal)"),
        OptionSpec(
            "continue", short: "c", scope: .request, section: output,
            help: "resume a partial -o FILE / --download with a Range request"),
        OptionSpec(
            "offline", scope: .request, section: output, help: "print the request that would be sent; send nothing"),
        OptionSpec("curl", scope: .request, section: output, help: "print an equivalent curl command; send nothing"),

        // Body
        OptionSpec("form", short: "f", scope: .request, section: body, help: "send data items as a urlencoded form"),
        OptionSpec("multipart", scope: .request, section: body, help: "send data items as multipart/form-data"),
        OptionSpec(
            "input", argument: "FILE", scope: .request, section: body, completion: .file,
            help: "send FILE as the raw body ('-' reads stdin)"),
        OptionSpec("no-stdin", scope: .request, section: body, help: "never read stdin as the body"),
        OptionSpec(
            "header", short: "H", argument: "'NAME: VALUE'", scope: .client, section: body, repeatable: true,
            help: "add a request header (same as the NAME:VALUE item)"),
        OptionSpec("user-agent", argument: "TEXT", scope: .client, section: body, help: "the User-Agent header"),

        // Authentication
        OptionSpec(
            "auth", short: "a", argument: "USER[:PASS]", scope: .global, section: auth,
            help:
                "basic authentication (asks for the password on a terminal when missing); with serve, the "
                + "credentials every request needs: bearer:TOKEN or basic:USER:PASS"),
        OptionSpec(
            "bearer", argument: "TOKEN", scope: .client, section: auth,
            help: "bearer token authentication (default $API_TOKEN)"),
        OptionSpec(
            "follow-any-origin", scope: .client, section: auth,
            help: "send credentials to next pages, batch URLs and redirects on other origins (default: dropped)"),

        // Connection
        OptionSpec("follow", short: "F", scope: .client, section: network, help: "follow redirects"),
        OptionSpec(
            "max-redirects", argument: "N", scope: .client, section: network,
            help: "most redirects to follow (default 30)"),
        OptionSpec("timeout", argument: "SECONDS", scope: .client, section: network, help: "limit the whole request"),
        OptionSpec(
            "connect-timeout", argument: "SECONDS", scope: .client, section: network, help: "limit connecting"),
        OptionSpec(
            "insecure", short: "k", scope: .client, section: network, help: "do not verify TLS certificates"),
        OptionSpec(
            "cacert", argument: "FILE", scope: .client, section: network, completion: .file,
            help: "CA certificates to verify the server with"),
        OptionSpec(
            "cert", argument: "FILE", scope: .client, section: network, completion: .file,
            help: "client certificate (PEM)"),
        OptionSpec(
            "key", argument: "FILE", scope: .client, section: network, completion: .file,
            help: "client certificate's private key (PEM)"),
        OptionSpec("http1.1", scope: .client, section: network, help: "use HTTP/1.1"),
        OptionSpec("http2", scope: .client, section: network, help: "use HTTP/2"),
        OptionSpec("proxy", argument: "URL", scope: .client, section: network, help: "send through this proxy"),
        OptionSpec(
            "no-compressed", scope: .client, section: network,
            help: "do not ask for a compressed response (gzip, deflate, br are asked for and decoded by default)"),

        // Exit status
        OptionSpec("ignore-status", scope: .client, section: status, help: "exit 0 whatever the HTTP status"),
        OptionSpec(
            "ok", argument: "STATUS,...", scope: .client, section: status,
            help: "count these statuses as success, e.g. --ok 404,409"),

        // Scripting
        OptionSpec(
            "query", short: "q", argument: "EXPR", scope: .client, section: scripting,
            help: "filter the JSON body with jq 1.8's language, e.g. '.[] | select(.age > 30) | .name'"),
        OptionSpec(
            "arg", argument: "NAME=VALUE", scope: .client, section: scripting, repeatable: true,
            help: "give --query the string $NAME (jq's --arg NAME VALUE); also in $ARGS.named"),
        OptionSpec(
            "argjson", argument: "NAME=JSON", scope: .client, section: scripting, repeatable: true,
            help: "give --query the JSON value $NAME (jq's --argjson NAME JSON); also in $ARGS.named"),
        OptionSpec(
            "args", argument: "VALUE", scope: .client, section: scripting, repeatable: true,
            help: "append the string VALUE to $ARGS.positional for --query (jq's --args)"),
        OptionSpec(
            "raw", short: "r", scope: .client, section: scripting, help: "print string query results without quotes"),
        OptionSpec(
            "retry", argument: "N", scope: .client, section: scripting,
            help: "retry failed connections, timeouts and 408/425/429/500/502/503/504 up to N times"),
        OptionSpec(
            "retry-all-methods", scope: .client, section: scripting,
            help: "also retry POST and PATCH (only idempotent methods are retried by default)"),
        OptionSpec(
            "retry-max-time", argument: "SECONDS", scope: .client, section: scripting,
            help: "stop retrying after this long in all; also caps a Retry-After wait (else capped at 5 minutes)"),
        OptionSpec(
            "paginate", scope: .request, section: scripting,
            help: "follow Link rel=next (or the body's next page) and print the items of every page as one array"),
        OptionSpec("max-pages", argument: "N", scope: .request, section: scripting, help: "fetch at most N pages"),
        OptionSpec(
            "next-url", argument: "PATH", scope: .request, section: scripting,
            help: "where the body holds the next page's URL, e.g. .links.next"),
        OptionSpec(
            "items", argument: "PATH", scope: .request, section: scripting,
            help: "where the body holds the page's items, e.g. .data"),
        OptionSpec(
            "ndjson", scope: .request, section: scripting,
            help: "with --paginate: print one item per line as each page arrives"),
        OptionSpec(
            "stream", scope: .request, section: scripting,
            help: "print the body line by line as it arrives (automatic for NDJSON and event streams)"),

        // Batch
        OptionSpec(
            "parallel", argument: "N", scope: .batch, section: batching,
            help: "requests in flight at once (default 8)"),
        OptionSpec("rate", argument: "N", scope: .batch, section: batching, help: "at most N requests per second"),
        OptionSpec("fail-fast", scope: .batch, section: batching, help: "start no new request after a failure"),

        // Serve
        OptionSpec("mock", scope: .serve, section: serving, help: "serve the JSON file as a REST API"),
        OptionSpec(
            "port", argument: "N", scope: .serve, section: serving,
            help: "port to listen on (default 3000; 0 picks one)"),
        OptionSpec(
            "host", argument: "ADDR", scope: .serve, section: serving,
            help: "address to listen on (default 127.0.0.1)"),
        OptionSpec(
            "static", argument: "DIR", scope: .serve, section: serving, completion: .directory,
            help: "also serve the files in DIR"),
        OptionSpec(
            "delay", argument: "MS", scope: .serve, section: serving,
            help: "delay every response by MS (at most 3600000)"),
        OptionSpec(
            "idle-timeout", argument: "SECONDS", scope: .serve, section: serving,
            help: "close connections idle (or sending a request head) this long (default 60)"),
        OptionSpec("read-only", scope: .serve, section: serving, help: "refuse writes with 403"),
        OptionSpec("no-watch", scope: .serve, section: serving, help: "do not reload the file when edited by hand"),
        OptionSpec(
            "cors", argument: "ORIGIN", scope: .serve, section: serving,
            help: "Access-Control-Allow-Origin value, or 'off' (default *)"),
        OptionSpec(
            "max-body", argument: "SIZE", scope: .global, section: general,
            help:
                "largest body held in memory, e.g. 64K or 1G: a response read whole (--query, --sort-keys, a page), "
                + "a streamed line or a =@ file (default 256MB); with serve, a request body (default 10MB)"),
        OptionSpec(
            "ready-file", argument: "PATH", scope: .serve, section: serving, completion: .file,
            help: "write the server URL to PATH once it accepts connections"),
        OptionSpec("quiet", scope: .serve, section: serving, help: "no per-request log lines"),
        OptionSpec(
            "strict", scope: .serve, section: serving, help: "404 for a POST to a collection that does not exist"),
        OptionSpec(
            "id", argument: "FIELD", scope: .serve, section: serving,
            help: "the field that is an item's id (default id; e.g. _id)"),
        OptionSpec(
            "fks", argument: "SUFFIX", scope: .serve, section: serving,
            help: "foreign key suffix for _embed, _expand and nested routes (default Id: postId)"),
        OptionSpec(
            "routes", argument: "FILE", scope: .serve, section: serving, completion: .file,
            help: "json-server rewrite rules applied before routing, e.g. {\"/api/*\": \"/$1\"}"),
        OptionSpec("no-admin", scope: .serve, section: serving, help: "no /__api/ endpoints (journal, OpenAPI)"),
        OptionSpec(
            "journal", argument: "N", scope: .serve, section: serving,
            help: "requests kept for GET /__api/requests (default 1000; 0 keeps none)"),
        OptionSpec(
            "fail", argument: "RATE", scope: .serve, section: serving,
            help: "answer this share of requests (0 to 1) with --fail-status, changing nothing"),
        OptionSpec(
            "fail-status", argument: "STATUS", scope: .serve, section: serving,
            help: "the status of --fail (400 to 599, default 503)"),
        OptionSpec(
            "jitter", argument: "MS", scope: .serve, section: serving,
            help: "add a random delay of 0 to MS on top of --delay (at most 3600000)"),
        OptionSpec(
            "store", argument: "URL", scope: .serve, section: serving,
            help: "where the data lives: postgres://USER[:PASS]@HOST[:PORT]/DB shared by servers, or file:PATH "
                + "(default the FILE; $API_STORE)"),
        OptionSpec(
            "pool", argument: "N", scope: .serve, section: serving,
            help: "connections to a PostgreSQL store per server (default 4 per core, at least 8)"),
    ]

    public static func option(long: String) -> OptionSpec? { options.first { $0.long == long } }

    public static func option(short: Character) -> OptionSpec? { options.first { $0.short == short } }

    public static let sections = [general, output, body, auth, network, status, scripting, batching, serving]
}
