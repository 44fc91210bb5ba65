import Client
import JSON
import Testing

/// A parser whose files live in memory; a missing file fails like the disk does.
func memoryParser(_ files: [String: String] = [:], homeDirectory: String? = nil) -> RequestItemParser {
    RequestItemParser(
        readFile: { path in
            guard let text = files[path] else { throw FileReadError(path: path, reason: "no such file or directory") }
            return Array(text.utf8)
        }, homeDirectory: homeDirectory)
}

/// Parses arguments as items, numbering them from `firstIndex` like the command line would.
func parseItems(_ arguments: [String], firstIndex: Int = 0) throws(RequestItemError) -> [RequestItem] {
    let parser = memoryParser()
    var items: [RequestItem] = []
    for (offset, argument) in arguments.enumerated() {
        items.append(try parser.parse(argument, index: firstIndex + offset))
    }
    return items
}

/// The `RequestItemError` a call threw, or nil (any other error is recorded as a test failure).
func requestItemError(_ body: () throws -> Void) -> RequestItemError? {
    do {
        try body()
        return nil
    } catch let error as RequestItemError {
        return error
    } catch {
        Issue.record("unexpected error: \(error)")
        return nil
    }
}

/// A JSON number written exactly as `literal`.
func number(_ literal: String) -> JSONValue { .number(JSONNumber(literal: literal)) }
