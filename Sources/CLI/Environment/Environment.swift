import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the CLI takes from the outside world, passed in so the whole CLI runs in-process under test.
public struct Environment {
    /// The arguments after the program name.
    public var arguments: [String]
    /// Read one at a time (`variables["HOME"]`); the process's are looked up when asked for.
    public var variables: EnvironmentVariables
    public var stdout: any OutputStream
    public var stderr: any OutputStream
    public var stdoutIsTerminal: Bool
    public var stderrIsTerminal: Bool
    public var stdinIsTerminal: Bool
    /// Reads all of stdin (called only when the request body comes from stdin).
    public var readStandardInput: () -> [UInt8]
    /// stdin's descriptor, when a request body may stream from it as it is sent (nil under test: read it whole).
    public var standardInputDescriptor: Int32? = nil
    /// Asks for a secret on the terminal without echo; nil when there is no terminal.
    public var readPassword: (_ prompt: String) -> String?

    public init(
        arguments: [String], variables: [String: String] = [:], stdout: any OutputStream = MemoryOutput(),
        stderr: any OutputStream = MemoryOutput(), stdoutIsTerminal: Bool = false, stderrIsTerminal: Bool = false,
        stdinIsTerminal: Bool = true, readStandardInput: @escaping () -> [UInt8] = { [] },
        readPassword: @escaping (String) -> String? = { _ in nil }
    ) {
        self.arguments = arguments
        self.variables = EnvironmentVariables(variables)
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
        self.stdinIsTerminal = stdinIsTerminal
        self.readStandardInput = readStandardInput
        self.readPassword = readPassword
    }

    /// The real process environment.
    public static func process() -> Environment {
        var environment = Environment(
            arguments: Array(CommandLine.arguments.dropFirst()),
            stdout: FileDescriptorOutput(descriptor: 1), stderr: FileDescriptorOutput(descriptor: 2, capacity: 4096),
            stdoutIsTerminal: isatty(1) == 1, stderrIsTerminal: isatty(2) == 1, stdinIsTerminal: isatty(0) == 1,
            readStandardInput: { readAll(descriptor: 0) },
            readPassword: { prompt in
                guard isatty(0) == 1, let answer = getpass(prompt) else { return nil }
                return String(cString: answer)
            })
        environment.variables = .process
        environment.standardInputDescriptor = 0
        return environment
    }
}

/// Reads up to `count` bytes (fewer only at the end of the input); `atEnd` tells whether the input ended.
func readPrefix(_ descriptor: Int32, count: Int) -> (bytes: [UInt8], atEnd: Bool) {
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
        let got = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, count - filled) }
        if got < 0, errno == EINTR { continue }
        if got <= 0 {
            bytes.removeSubrange(filled...)
            return (bytes, true)
        }
        filled += got
    }
    return (bytes, false)
}
