import Testing

@testable import Client

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `Config.load` on the file system: a missing file is no config, anything else that cannot be read is an error.
@Suite struct ConfigLoadTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    static func makeFolder() -> String {
        var template = Array("/tmp/config-load-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    @Test func missingFileIsNoConfig() throws {
        let folder = Self.makeFolder()
        defer { rmdir(folder) }
        #expect(try Config.load(path: folder + "/config.json") == nil)
        #expect(try Config.load(path: folder + "/missing/config.json") == nil)
    }

    /// The loader tells a missing file by the system's error number, not by the words of its message.
    @Test func readErrorsCarryTheSystemErrorNumber() {
        let folder = Self.makeFolder()
        defer { rmdir(folder) }
        let missing = folder + "/none"
        #expect(throws: FileReadError(path: missing, reason: "no such file or directory", errorNumber: ENOENT)) {
            try LocalFile.read(missing)
        }
        #expect(throws: FileReadError(path: folder, reason: "is a directory", errorNumber: EISDIR)) {
            try LocalFile.read(folder)
        }
    }

    @Test func folderIsUnreadable() {
        let folder = Self.makeFolder()
        defer { rmdir(folder) }
        #expect(throws: ConfigError.unreadable(path: folder, reason: "is a directory")) {
            try Config.load(path: folder)
        }
    }

    @Test func existingFileIsParsed() throws {
        let folder = Self.makeFolder()
        let path = folder + "/config.json"
        defer {
            unlink(path)
            rmdir(folder)
        }
        let text = #"{"default": "dev", "profiles": {"dev": {"base": "http://localhost:3000"}}}"#
        let file = fopen(path, "w")
        fputs(text, file)
        fclose(file)
        let config = try #require(try Config.load(path: path))
        #expect(config.defaultProfile == "dev")
        #expect(config.profiles.map(\.name) == ["dev"])
        #expect(config.profiles.first?.base == "http://localhost:3000")
    }
}
