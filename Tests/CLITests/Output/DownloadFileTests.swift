import Support
import Testing

@testable import CLI

#if canImport(Glibc)
    import Glibc
#endif

/// DownloadFile on a real folder: nothing appears under the final name until commit, a failed download leaves
/// nothing, `-d` never replaces, `-c` appends, and no path goes through a symlink. Serialized: the interrupt handler
/// is process-wide.
extension ProcessSignalTests {
    @Suite(.serialized) struct DownloadFileTests {
        let folder: String

        init() throws {
            var template = Array("/tmp/api-download-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            folder = String(cString: try #require(made))
        }

        func contents(_ path: String) -> String? {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            return String(decoding: readAll(descriptor: descriptor), as: UTF8.self)
        }

        func write(_ text: String, to file: DownloadFile) -> Bool {
            Array(text.utf8).withUnsafeBytes { file.write($0) }
        }

        @Test func committedOnlyWhenWhole() throws {
            let path = folder + "/out.json"
            let file = DownloadFile(path: path)
            #expect(file.open() == nil)
            #expect(write("{\"a\":", to: file))
            #expect(InterruptCleanup.isArmed)
            #expect(!DownloadFile.exists(path))
            #expect(DownloadFile.exists(file.temporaryPath))
            #expect(write("1}", to: file))
            #expect(file.commit() == nil)
            #expect(!InterruptCleanup.isArmed)
            #expect(contents(path) == "{\"a\":1}")
            #expect(!DownloadFile.exists(file.temporaryPath))
        }

        @Test func discardedLeavesNothing() throws {
            let path = folder + "/never.json"
            let file = DownloadFile(path: path)
            #expect(file.open() == nil)
            #expect(write("half", to: file))
            file.discard()
            #expect(!DownloadFile.exists(path))
            #expect(!DownloadFile.exists(file.temporaryPath))
            #expect(!InterruptCleanup.isArmed)
        }

        @Test func replacesAnExistingFileUnlessExclusive() throws {
            let path = folder + "/kept.txt"
            let first = DownloadFile(path: path)
            #expect(first.open() == nil)
            #expect(write("one", to: first))
            #expect(first.commit() == nil)
            let second = DownloadFile(path: path)
            #expect(second.open() == nil)
            #expect(write("two", to: second))
            #expect(second.commit() == nil)
            #expect(contents(path) == "two")
            let exclusive = DownloadFile(path: path, exclusive: true)
            #expect(exclusive.open() == nil)
            #expect(write("three", to: exclusive))
            #expect(exclusive.commit() == "cannot write '\(path)': File exists")
            #expect(contents(path) == "two")
            #expect(!DownloadFile.exists(exclusive.temporaryPath))
        }

        @Test func appendingResumes() throws {
            let path = folder + "/part.bin"
            let first = DownloadFile(path: path)
            #expect(first.open() == nil)
            #expect(write("0123", to: first))
            #expect(first.commit() == nil)
            #expect(DownloadFile.existingSize(path) == 4)
            let resumed = DownloadFile(path: path, appending: true)
            #expect(resumed.open() == nil)
            #expect(write("4567", to: resumed))
            #expect(resumed.commit() == nil)
            #expect(contents(path) == "01234567")
        }

        @Test func symlinksAreNeitherFollowedNorResumed() throws {
            let target = folder + "/target.txt"
            let link = folder + "/link.txt"
            let original = DownloadFile(path: target)
            #expect(original.open() == nil)
            #expect(write("secret", to: original))
            #expect(original.commit() == nil)
            #expect(symlink(target, link) == 0)
            #expect(DownloadFile.existingSize(link) == nil)
            let appending = DownloadFile(path: link, appending: true)
            #expect(appending.open() != nil)
            let exclusive = DownloadFile(path: link, exclusive: true)
            #expect(exclusive.open() == nil)
            #expect(write("x", to: exclusive))
            #expect(exclusive.commit() == "cannot write '\(link)': File exists")
            #expect(contents(target) == "secret")
        }

        @Test func aMissingFolderIsAnError() {
            let path = folder + "/no/such/out.json"
            #expect(DownloadFile(path: path).open() == "cannot write '\(path)': No such file or directory")
            #expect(!InterruptCleanup.isArmed)
        }
    }
}
