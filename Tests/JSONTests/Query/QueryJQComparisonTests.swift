import JSON
import Testing

/// Every construct of the subset, run through both `Query` and the real `jq -c`, compared value by value.
/// Rows here behave the same in jq 1.6 and 1.7; rows where they differ are in `QueryVersionDifferenceTests`.
@Suite("query language against jq")
struct QueryJQComparisonTests {
    static let doc = querySampleDocument

    static let paths: [QueryCase] = [
        QueryCase(doc, "."),
        QueryCase(doc, ""),
        QueryCase(doc, ".name"),
        QueryCase(doc, ".user.name"),
        QueryCase(doc, ".user .name"),
        QueryCase(doc, ".user.tags[0]"),
        QueryCase(doc, #"."odd key""#),
        QueryCase(doc, #".["odd key"]"#),
        QueryCase(doc, #".user["email"]"#),
        QueryCase(doc, #".user."email""#),
        QueryCase(doc, ".missing"),
        QueryCase(doc, ".missing.deeper[0]"),
        QueryCase(doc, ".nothing.x"),
        QueryCase(doc, ".items[0].price"),
        QueryCase(doc, ".items [0]"),
        QueryCase(doc, ".items[-1]"),
        QueryCase(doc, ".items[-1].id"),
        QueryCase(doc, ".items[10]"),
        QueryCase(doc, ".items[-10]"),
        QueryCase(doc, "[.items[].id]"),
        QueryCase(doc, ".items[].id"),
        QueryCase(doc, ".user.tags[]"),
        QueryCase(doc, ".user[]"),
        QueryCase(doc, ".items[0][]"),
        QueryCase(doc, #".[("id", "name")]"#),
        QueryCase(doc, ".items[(0, 2)].id"),
        QueryCase(#"{"a":{"x":1},"b":"x"}"#, ".a[.b]"),
        QueryCase(#"{"a":[1,2],"b":[3,4]}"#, "[(.a, .b)[0, 1]]"),
        QueryCase("[[1,2],[3]]", "[.[][]]"),
        QueryCase("[1,2,1,2]", ".[[1,2]]"),
        QueryCase("[1,[2]]", ".[1][0]"),
    ]

    static let slices: [QueryCase] = [
        QueryCase(doc, ".items[1:]"),
        QueryCase(doc, ".items[:1]"),
        QueryCase(doc, ".items[1:2]"),
        QueryCase(doc, ".items[-2:]"),
        QueryCase(doc, ".items[:-1]"),
        QueryCase(doc, ".items[5:1]"),
        QueryCase(doc, "[.items[1:][].id]"),
        QueryCase(doc, ".s[1:3]"),
        QueryCase(doc, ".s[-2:]"),
        QueryCase(doc, ".s[:1]"),
        QueryCase(doc, ".name[2:]"),
        QueryCase(doc, ".nothing[1:2]"),
        QueryCase("[0,1,2,3,4,5]", "[.[2:5], .[2:-1], .[-100:2], .[4:100], .[3:3]]"),
        QueryCase("[0,1,2,3,4,5]", "[.[(0, 1):(3, 4)]]"),
        QueryCase("[0,1,2,3]", "[.[1.2:2.5], .[:-1.5], .[1.7:]]"),
        QueryCase("[1,2,3]", "[.[1e300:], .[:1e300], .[-1e300:], .[:-1e300]]"),
        QueryCase(#""abcdef""#, "[.[1.5:3.2], .[10:], .[3:1]]"),
        QueryCase(#""abc""#, #".[{"start": 1, "end": null}]"#),
    ]

    static let optional: [QueryCase] = [
        QueryCase("[1,{\"a\":2},[3]]", "[.[] | .a?]"),
        QueryCase("null", #"[(1, {"a": 2}) | .a?]"#),
        QueryCase(#"[1,[2],"x"]"#, "[.[] | .[0]?]"),
        QueryCase(#"{"a":1}"#, "[.a.b?]"),
        QueryCase(#"{"a":1}"#, "[.a?.b?]"),
        QueryCase(#"{"a":1}"#, #"[.a?, .["a"]?, ."a"?]"#),
        QueryCase("5", "[.[]?]"),
        QueryCase(#""x""#, "[.[]?]"),
        QueryCase(doc, "[.items[]?.tags[]?]"),
        QueryCase(doc, "[.name[1:]?, .user[1:]?]"),
        QueryCase("true", "[length?]"),
        QueryCase("null", "[length?]"),
        QueryCase("true", "[(length, 1)?]"),
        QueryCase("[1,{\"a\":2}]", "[.[] | (.a)?]"),
        QueryCase(#"{"a":[1,null,2]}"#, "[.a[] // 9]"),
    ]

    static let pipesAndCommas: [QueryCase] = [
        QueryCase(doc, ".name, .id"),
        QueryCase(doc, ".user | .name"),
        QueryCase(doc, "[.id, (.user | .name)]"),
        QueryCase(doc, ".items | length"),
        QueryCase(doc, ".user.tags | .[0], .[1]"),
        QueryCase(doc, "(.id, .n) | . + 1"),
        QueryCase(doc, ".items[] | .id, .price"),
        QueryCase(doc, "# a comment\n.id # and another"),
        QueryCase("null", "1, empty, 2"),
    ]

    static let selection: [QueryCase] = [
        QueryCase(doc, ".items[] | select(.price > 5)"),
        QueryCase(doc, "[.items[] | select(.qty)]"),
        QueryCase(doc, "[.items[] | select(.qty == null) | .id]"),
        QueryCase(doc, "[.items[] | select(.tags | length > 0) | .id]"),
        QueryCase(doc, "[.items[] | select(.id != 2 and .price < 10) | .id]"),
        QueryCase(doc, "[.items[] | select(.id == 1 or .id == 3) | .id]"),
        QueryCase(doc, "[.items[] | select(.price <= 9.5) | .id]"),
        QueryCase(doc, "[.items[] | select(.price >= 9.5) | .id]"),
        QueryCase(doc, ".items | map(select(.price >= 9.5)) | length"),
        QueryCase("[1,2,3]", "[select((true, true, false))]"),
        QueryCase(doc, #"[.items[] | select(.tags) | select(.tags[] == "a") | .id]"#),
    ]

    static let comparisons: [QueryCase] = [
        QueryCase("null", #"[null < false, false < true, true < 0, 0 < "", "" < [], [] < {}, {} < null]"#),
        QueryCase("null", #"[1 == 1.0, 1 == "1", "a" < "b", "B" < "a", "é" > "z", "ab" < "b", "a" < "ab"]"#),
        QueryCase("null", "[[1,2] < [1,2,0], [2] < [1,5], [1,2] == [1,2], [] < [null]]"),
        QueryCase(
            "null",
            #"[{"a":1} < {"b":0}, {"a":2} < {"a":1,"b":0}, {"a":1,"b":2} < {"a":1,"b":3}, {"b":1,"a":2} == {"a":2,"b":1}]"#
        ),
        QueryCase("null", "[1 != 1, 2 >= 2, 2 <= 1, 3 > 2.5, null == false, 0 == false]"),
        QueryCase("null", "[(1,2) < (1,2)]"),
        QueryCase("null", "[1 == 1 and 2 > 1 or false, null // 1 == 1]"),
    ]

    static let logic: [QueryCase] = [
        QueryCase("null", "[true and true, true and false, null or 1, false or null, 1 and 0]"),
        QueryCase("null", "[(true, false) and (true, false)]"),
        QueryCase("null", "[(true, false) or (true, false)]"),
        QueryCase(doc, ".flag | not"),
        QueryCase(#"[true,false,null,0,"",[]]"#, "[.[] | not]"),
        QueryCase(#"[true,false,null,0,"",[]]"#, "map(not)"),
        QueryCase(doc, "[.items[] | .qty | not]"),
        QueryCase(doc, "[.id == 1 and (.flag | not)]"),
    ]

    static let literals: [QueryCase] = [
        QueryCase("null", "1, -1, 1.5, 1e3, 1.5e-3, .5, 1., 007"),
        QueryCase("null", #""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#),
        QueryCase("null", #""中文 and é""#),
        QueryCase("null", "true, false, null"),
        QueryCase("null", "[], {}"),
        QueryCase("null", "100000000000000000000"),
    ]

    static let builtins: [QueryCase] = [
        QueryCase(doc, "[.name, .s, .user, .items, .nothing, .n, .id] | map(length)"),
        QueryCase("-5.5", "length"),
        QueryCase(doc, ".user | keys"),
        QueryCase(doc, "keys"),
        QueryCase(doc, ".items | keys"),
        QueryCase(#"{"b":1,"a":2,"é":3,"Z":4,"aa":5,"":6}"#, "keys, keys_unsorted"),
        QueryCase(doc, ".items | first.id, last.id"),
        QueryCase(doc, ".user.tags | first, last"),
        QueryCase("[]", "[first, last]"),
        QueryCase("null", "[first, last]"),
        QueryCase(doc, ".items | map(.id)"),
        QueryCase(doc, ".user | map(length)"),
        QueryCase("[1,2,3]", "map(. * 2)"),
        QueryCase(doc, "[.items | map(.tags[]?)]"),
        QueryCase(#"[{"a":1,"b":2}]"#, "map(.a, .b)"),
        QueryCase(doc, #".user | has("name"), has("nope")"#),
        QueryCase(doc, ".items | has(0), has(3), has(-1), has(1.5)"),
        QueryCase(doc, #"[has("id", "zzz")]"#),
        QueryCase("null", #"has("a")"#),
        QueryCase(#"{"a":null}"#, #"[has("a"), has("b")]"#),
        QueryCase(#"[null,true,1,"a",[],{}]"#, "[.[] | type]"),
        QueryCase(doc, "[.items[] | empty]"),
        QueryCase("[3,1]", "add"),
        QueryCase("null", #"[(["a","b"] | add), ({"a":1,"b":2} | add), ([] | add), ([[1],[2]] | add)]"#),
        QueryCase(doc, ".items | map(.price) | add"),
        QueryCase(doc, ".items | map(.price * (.qty // 0)) | add"),
    ]

    static let construction: [QueryCase] = [
        QueryCase(doc, "{id, name}"),
        QueryCase(doc, "{id, name: .user.name}"),
        QueryCase(doc, #"{"a b": 1, c: .id}"#),
        QueryCase(doc, #"{"odd key"}"#),
        QueryCase(doc, "{(.name): .id}"),
        QueryCase(doc, "{(.user.tags[]): 1}"),
        QueryCase(doc, "{id, tag: .user.tags[]}"),
        QueryCase("null", "{a: (1, 2), b: (3, 4)}"),
        QueryCase("null", #"{(("x", "y")): (1, 2)}"#),
        QueryCase(doc, "{user: .user | {name}}"),
        QueryCase(doc, "{n: -.id, m: - .n}"),
        QueryCase(doc, "{a: .items | length}"),
        QueryCase("null", "{a: 1,}"),
        QueryCase("null", "{if: 1, then: 2, and: 3}"),
        QueryCase("null", "{a: 1, b: {c: 2}, a: 3}"),
        QueryCase(doc, #"{(.missing // "k"): .flag?}"#),
        QueryCase(doc, "[.items[] | {id, total: (.price * (.qty // 1))}]"),
        QueryCase(doc, "[.id, .name]"),
        QueryCase(doc, "[.user.tags[], .id]"),
        QueryCase("null", "[empty], [[]], [[], []]"),
    ]

    static let arithmetic: [QueryCase] = [
        QueryCase(doc, ".id + 1, .n * 2, .items[0].price / 2, .id - .n"),
        QueryCase("null", "[7 % 3, -7 % 3, 7 % -3, 5.5 % 2, 5 % 2.5, 3 % 2.9]"),
        QueryCase("null", "[10 - 2 - 3, 2 * 3 % 4, 100 / 10 / 5, 1 + 2 * 3 - 4 / 2 % 3]"),
        QueryCase("null", #"["a" + "b", [1,2] + [3], null + 1, 1 + null, null + null]"#),
        QueryCase("null", #"{"a":1} + {"b":2} + {"a":3}"#),
        QueryCase("null", "[1,2,3,2] - [2], [1,[2],{}] - [[2],{}]"),
        QueryCase("null", #"[{"a":1}] - [{"a":1.0}]"#),
        QueryCase("null", #""a,b,c" / ",", "abc" / "", "" / ",", "a,,b" / ",", ",a," / ",", "a--b" / "--""#),
        QueryCase("null", #"{"a":{"b":1,"c":2}} * {"a":{"b":3},"d":4}"#),
        QueryCase("null", "[(1, 2) + (10, 20)]"),
        QueryCase(doc, "-.n, -(1, 2), 1 - -1"),
        QueryCase(doc, "[-.id, - .id + 1, -.id * 2]"),
    ]

    static let alternatives: [QueryCase] = [
        QueryCase(doc, #".missing // "default""#),
        QueryCase(doc, ".nothing // .flag // 3"),
        QueryCase("null", "[(null, false) // (3, 4)]"),
        QueryCase("null", "[(1, null, 2) // 3]"),
        QueryCase("null", "[(1, 2) // (3, 4)]"),
        QueryCase(doc, "[.items[].qty // 0]"),
        QueryCase("null", "[empty // 4]"),
        QueryCase(doc, #".flag // "x""#),
        QueryCase("1", "[.a? // 5]"),
        QueryCase("null", "[1 // 2 | . + 1]"),
        QueryCase("null", "[1, 2 // 3]"),
    ]

    static let conditionals: [QueryCase] = [
        QueryCase(doc, #"if .flag then "yes" else "no" end"#),
        QueryCase(
            doc,
            #"[.items[] | if .price > 10 then "big" elif .price > 1 then "mid" else "small" end]"#),
        QueryCase("null", "[if (true, false) then 1 else 2 end]"),
        QueryCase("null", "[if . then 1 elif 1 then 2 else 3 end]"),
        QueryCase(doc, "[.items[] | if .qty then .qty else empty end]"),
    ]

    static let allCases =
        paths + slices + optional + pipesAndCommas + selection + comparisons + logic + literals
        + builtins + construction + arithmetic + alternatives + conditionals

    @Test(
        "same outputs as jq", .enabled(if: JQProcess.isInstalled, "jq is not installed at /usr/bin/jq"),
        arguments: allCases)
    func matchesJQ(_ row: QueryCase) throws {
        let jq = try JQProcess.run(["-c", row.expression], input: row.input)
        try #require(jq.status == 0, "jq failed: \(jq.stderr)")
        let expected = try JSON.parseSequence(jq.stdout)
        let actual = try Query(row.expression).evaluate(try JSON.parse(row.input))
        #expect(
            sameAsJQ(actual, expected),
            "api: \(queryOutputText(actual))\njq:  \(String(decoding: jq.stdout, as: UTF8.self))")
    }
}
