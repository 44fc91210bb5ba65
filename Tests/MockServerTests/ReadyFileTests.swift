import Testing

@testable import MockServer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--ready-file`: written atomically, never through a file or symlink someone planted.
struct ReadyFileTests {
    @Test func aSymlinkAtTheOldPredictableTemporaryNameIsNotWrittenThrough() throws {
        let directory = TemporaryDirectory()
        directory.write("victim", "precious\n")
        let ready = directory.file("ready")
        #expect(symlink(directory.file("victim"), ready + ".tmp-\(getpid())") == 0)
        try writeReadyFile(ready, contents: "http://127.0.0.1:3000\n")
        #expect(directory.read("victim") == "precious\n")
        #expect(directory.read("ready") == "http://127.0.0.1:3000\n")
        var status = stat()
        #expect(lstat(ready, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG)
    }

    @Test func aReadyFileThatIsASymlinkIsReplacedNotFollowed() throws {
        let directory = TemporaryDirectory()
        directory.write("victim", "precious\n")
        let ready = directory.file("ready")
        #expect(symlink(directory.file("victim"), ready) == 0)
        try writeReadyFile(ready, contents: "http://127.0.0.1:3000\n")
        #expect(directory.read("victim") == "precious\n")
        #expect(directory.read("ready") == "http://127.0.0.1:3000\n")
        #expect(directory.names() == ["ready", "victim"])
    }

    @Test func theTemporaryIsCreatedExclusively() throws {
        let directory = TemporaryDirectory()
        let (first, descriptor) = try createExclusiveTemporary(besides: directory.file("ready"))
        close(descriptor)
        #expect(open(first, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644) < 0)
        let (second, other) = try createExclusiveTemporary(besides: directory.file("ready"))
        close(other)
        #expect(first != second)
    }
}
