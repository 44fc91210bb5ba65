import Client
import FuzzSupport
import JSON

/// The request-item grammar: the input is command-line items separated by NUL bytes (an argument cannot hold one). Checks that nothing traps, that
/// error columns point into the item, and that a JSON body built from the items can be written and re-read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestItems(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: inputBytes(data, size), as: UTF8.self)
    // `@file` values come from memory: the path names what the file holds.
    let parser = RequestItemParser(
        readFile: { path in
            if path.hasPrefix("missing") { throw FuzzFileError() }
            return Array((path.hasPrefix("json") ? #"{"a":[1,{"b":null}],"c":"\u00e9"}"# : path).utf8)
        },
        homeDirectory: "/home/fuzz",
        checkUpload: { path in if path.hasPrefix("missing") { throw FuzzFileError() } })
    var items: [RequestItem] = []
    for (index, line) in text.split(separator: "\u{0}", omittingEmptySubsequences: false).prefix(32).enumerated() {
        let argument = String(line)
        _ = RequestItemParser.isRequestItem(argument)
        do {
            items.append(try parser.parse(argument, index: index))
        } catch {
            check(error, argument)
        }
    }
    for item in items {
        do {
            if let path = try item.nestedJSONPath() { _ = path.description }
        } catch {
            check(error, item.text)
        }
    }
    do {
        if let body = try RequestBodyBuilder.jsonBody(from: items) {
            guard (try? JSON.parse(body.compactBytes)) == body else { fuzzFailure("JSON body re-parses unequal") }
        }
    } catch {
        check(error, error.item)
    }
    _ = RequestBodyBuilder.formFields(from: items)
    _ = RequestBodyBuilder.multipartParts(from: items)
    _ = RequestBodyBuilder.headerFields(from: items)
    _ = RequestBodyBuilder.queryParameters(from: items)
    _ = try? RequestBodyBuilder.checkFormItems(items)
    return 0
}

private struct FuzzFileError: Error {}

/// An item error names a column inside the item (or just past its end) and has a message.
private func check(_ error: RequestItemError, _ argument: String) {
    guard error.item == argument else { fuzzFailure("error names another item: \(error.item)") }
    guard error.column >= 0, error.column <= argument.count else {
        fuzzFailure("error column \(error.column) outside the item of \(argument.count) characters")
    }
    guard !error.message.isEmpty else { fuzzFailure("empty error message") }
    _ = error.description
    _ = error.caretLines
}
