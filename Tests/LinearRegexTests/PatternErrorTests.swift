import LinearRegex
import Testing

struct PatternErrorTests {
    @Test(arguments: [
        ("(", PatternError.Kind.syntax, "missing ')' at offset 0"),
        ("a)", .syntax, "unmatched ')' at offset 1"),
        ("[a", .syntax, "missing ']' at offset 0"),
        ("*a", .syntax, "nothing to repeat at offset 0"),
        ("a**", .syntax, "nothing to repeat at offset 2"),
        ("a{2}{3}", .syntax, "nothing to repeat at offset 4"),
        ("^*", .syntax, "nothing to repeat at offset 0"),
        ("\\b+", .syntax, "nothing to repeat at offset 0"),
        ("{2}", .syntax, "nothing to repeat at offset 0"),
        ("a{3,2}", .syntax, "numbers out of order in {} quantifier at offset 1"),
        ("[z-a]", .syntax, "range out of order in class at offset 1"),
        ("[\\d-z]", .syntax, "a class such as \\d cannot end a range at offset 1"),
        ("a\\", .syntax, "pattern ends with a backslash at offset 1"),
        ("\\q", .syntax, "invalid escape '\\q' at offset 0"),
        ("\\x4", .syntax, "invalid \\x escape at offset 0"),
        ("\\u{110000}", .syntax, "invalid \\u escape at offset 0"),
        ("\\c1", .syntax, "invalid control escape at offset 0"),
        ("(?i)a", .syntax, "invalid group at offset 0"),
        ("(?<1a>x)", .syntax, "invalid group name at offset 3"),
        ("(?<a>x)(?<a>y)", .syntax, "duplicate group name 'a' at offset 7"),
        ("(a)\\1", .unsupported, "back-references are not supported (not linear-time) at offset 3"),
        ("(?<n>a)\\k<n>", .unsupported, "back-references are not supported (not linear-time) at offset 7"),
        ("a(?=b)", .unsupported, "look-ahead is not supported (not linear-time) at offset 1"),
        ("a(?!b)", .unsupported, "look-ahead is not supported (not linear-time) at offset 1"),
        ("(?<=a)b", .unsupported, "look-behind is not supported (not linear-time) at offset 0"),
        ("(?<!a)b", .unsupported, "look-behind is not supported (not linear-time) at offset 0"),
        ("\\p{L}", .unsupported, "unicode property escapes are not supported at offset 0"),
        ("\\01", .unsupported, "octal escapes are not supported at offset 0"),
        ("[\\1]", .unsupported, "octal escapes are not supported at offset 1"),
        ("a{1001}", .tooLarge, "repetition count above 1000 at offset 1"),
        ("a{1,99999999999999999999999}", .tooLarge, "repetition count above 1000 at offset 1"),
        ("a{1000}{1000}", .syntax, "nothing to repeat at offset 7"),
        ("(?:a{1000}){1000}", .tooLarge, "pattern compiles to more than 20000 instructions at offset 0"),
        ("((a{100}){100}){100}", .tooLarge, "pattern compiles to more than 20000 instructions at offset 0"),
        (String(repeating: "(", count: 300), .tooLarge, "groups nested deeper than 250 at offset 250"),
        (String(repeating: "()", count: 1001), .tooLarge, "more than 1000 capture groups at offset 2000"),
        (
            String(repeating: "(a)", count: 900), .tooLarge,
            "pattern has too many capture groups for its size at offset 0"
        ),
    ])
    func refuses(pattern: String, kind: PatternError.Kind, message: String) {
        #expect {
            _ = try Pattern(pattern)
        } throws: { error in
            guard let error = error as? PatternError else { return false }
            return error.kind == kind && error.description == message
        }
    }
}
