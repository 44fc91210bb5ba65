import CLI

#if canImport(Glibc)
    import Glibc
#endif

let environment = Environment.process()
let status = API.run(environment)
environment.stdout.flush()
environment.stderr.flush()
// `_exit`, not `exit`: every output is flushed and every file closed by now, and the C library's exit handlers
// (OpenSSL's cleanup, the loader's finalisers: 0.65 M instructions, 4% of a one-shot GET) only free memory that
// the process is about to give back. Nothing in `api` writes through C stdio.
_exit(status)
