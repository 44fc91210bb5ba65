import CLI
import Serve

#if canImport(Glibc)
    import Glibc
#endif

// `api serve --mock [FILE]`, started by `api serve` with the same arguments; `api-serve --mock FILE` works too.
var environment = Environment.process()
if !environment.arguments.contains("serve") { environment.arguments.insert("serve", at: 0) }
let status = API.run(environment, serve: ServeCommand.run)
environment.stdout.flush()
environment.stderr.flush()
exit(status)
