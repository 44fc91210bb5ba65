import CLI

#if canImport(Glibc)
    import Glibc
#endif

let environment = Environment.process()
let status = API.run(environment)
environment.stdout.flush()
environment.stderr.flush()
exit(status)
