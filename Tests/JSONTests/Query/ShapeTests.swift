import Testing

@testable import JSON

/// Elements checked against the shape learnt from the one before (`JSONObjectShape`): those written the same way
/// are taken with the wanted member found; any difference is left to the quick and careful paths, and the outputs
/// and errors are always the whole body's.
@Suite("element shapes")
struct ShapeTests {
    static let base = #"{"id":1,"name":"a","x":[1,2],"y":{"z":true}}"#

    /// One change each: other values (the shape does not fix them), other text between them (it does), not JSON.
    static let variants = [
        #"{"id":2,"name":5,"x":[],"y":{"z":[{"w":1}]}}"#, #"{"id":-1.5e3,"name":null,"x":"s","y":{}}"#,
        #"{"id":1,"name":{"q":[1,{"r":2}]},"x":[1,2],"y":{"z":true}}"#,
        #"{"id" : 1,"name":"a","x":[1,2],"y":{"z":true}}"#,
        #"{"id":1,"nam":"a","x":[1,2],"y":{"z":true}}"#, #"{"id":1,"n\u0061me":"e","x":[1,2],"y":{"z":true}}"#,
        #"{"id":1,"name":"a","x":[1,2],"y":{"z":true},"extra":0}"#, #"{"id":1,"name":"a","x":[1,2]}"#,
        #"{"id":1,"name":"a","name":"twice","y":{"z":1}}"#, #"{"id":1,"name":tru,"x":[1,2],"y":{"z":true}}"#,
        #"{"id":1,"name":"\x","x":[1,2],"y":{"z":true}}"#, #"{"id":1,"name":"a","x":[1,],"y":{"z":true}}"#,
        #"{"id":1,"name":"a","x":[1,2],"y":{"z":true}"#, #"{"id":01,"name":"a","x":[1,2],"y":{"z":true}}"#,
        #"{"id":1"name":"a","x":[1,2],"y":{"z":true}}"#, #"{"id":1,"name":"\ud800","x":[1,2],"y":{"z":true}}"#,
        base + " ", "{\"id\":1,\"name\":\"\u{1}\",\"x\":[1,2],\"y\":{\"z\":true}}",
        #"[1]"#, #""text""#, #"{}"#, #"null"#,
    ]

    /// An element with arrays of objects (each checked against the first one's shape) and objects in them.
    static let nested =
        #"{"id":1,"name":"a","orders":[{"id":"o","items":[{"q":1}]},{"id":"p","items":[]}],"geo":{"lat":1}}"#

    static let nestedVariants = [
        #"{"id":1,"name":"b","orders":[],"geo":{"lat":2}}"#, #"{"id":1,"name":"b","orders":[ ],"geo":{"lat":2}}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","items":[{"q":1},{"q":2}]}, {"id":"q","items":[{"r":3}]}],"geo":{"lat":1}}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","other":1},{"id":"p","items":[]}],"geo":{"lat":1}}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","items":[{"q":tru}]}],"geo":{"lat":1}}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","items":[{"q":1}]},],"geo":{"lat":1}}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","items":[{"q":1}]} {"id":"p"}],"geo":{"lat":1}}"#,
        #"{"id":1,"name":"b","orders":[1,"two",{"id":"o","items":[]},null],"geo":{"lat":1}}"#,
        #"{"id":1,"name":"b","orders":{"id":"o","items":[]},"geo":[{"lat":1}]}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","items":[{"q":[[[[{"deep":[]}]]]]}]}],"geo":{"lat":1,}}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","items":[{"q":1}]}],"geo":{"lat":1}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","items":[]}x{"id":"p","items":[]}],"geo":{"lat":1}}"#,
        #"{"id":1,"name":"b","orders":[{"id":"o","items":[]},x],"geo":{"lat":1}}"#,
    ]

    @Test(arguments: [".[] | .name", ".[].y.z", ".[] | .x", ".[] | .missing", ".[].geo.lat", ".[] | .orders"])
    func outputsAreTheWholeBodys(_ filter: String) throws {
        let query = try Query(filter)
        let cases = Self.variants.map { (Self.base, $0) } + Self.nestedVariants.map { (Self.nested, $0) }
        for (base, variant) in cases {
            let elements = Array(repeating: base, count: 4) + [variant] + Array(repeating: base, count: 3)
            let body = "[" + elements.joined(separator: ",") + "]"
            let whole = QueryBodyRunTests.whole(query, body)
            for cuts in [[], [body.utf8.count / 2], Array(stride(from: 0, to: body.utf8.count, by: 7))] {
                #expect(
                    QueryBodyStreamTests.streamed(query, body, cuts: cuts, asText: true) == whole,
                    "\(filter) on \(body) cut at \(cuts)")
            }
        }
    }

    /// The shape takes what is written as the element it was learnt from, and finds the wanted member in it.
    @Test func theShapeTakesElementsWrittenTheSameWay() throws {
        let name = Array("name".utf8)
        let texts = [Self.base, #"{"id":99,"name":[1,{"a":"b"}],"x":null,"y":"no longer an object"}"#] + Self.variants
        for text in texts {
            let element = Array(Self.base.utf8) + Array(",".utf8) + Array(text.utf8) + Array("]".utf8)
            try element.withUnsafeBufferPointer { p in
                var parser = JSONParser(bytes: p.baseAddress!, count: p.count, maxDepth: 64)
                parser.depth = 1
                var shapes = JSONShapes()
                _ = try parser.skipValue(following: [name], shapes: &shapes)
                let shape = try #require(shapes.shape)
                parser.index += 1  // the comma
                let start = parser.index
                var found: Range<Int>?
                let taken = parser.stepOverObject(shaped: shape, found: &found)
                // Taken exactly when the texts between the values are the same and the values valid: the first
                // three variants change only values, one adds a space after the element.
                let sameTexts = texts.firstIndex(of: text)! < 5 || text == Self.base + " "
                #expect(taken == sameTexts, "\(text)")
                if taken {
                    let value = try JSON.parse(Array(p[try #require(found)]))
                    let object = try JSON.parse(Array(p[start..<parser.index]))
                    #expect(object.objectValue?[JSONKey("name")] == value, "\(text)")
                } else {
                    #expect(parser.index == start)
                }
            }
        }
    }

    /// Nesting deeper than the cap is refused in a shaped object as anywhere else, however deep the shape's own
    /// objects are.
    @Test func theShapeKeepsTheDepthCap() throws {
        let name = Array("name".utf8)
        // The array at depth 1, the element 2, `o` 3, its objects 4, `i` 5: the cap.
        let body = Array(
            #"[{"o":[{"i":[1]}],"name":1},{"o":[{"i":[1]}],"name":2},{"o":[{"i":[{"x":1}]}],"name":3}]"#.utf8)
        try body.withUnsafeBufferPointer { p in
            var parser = JSONParser(bytes: p.baseAddress!, count: p.count, maxDepth: 5)
            parser.index = 1
            parser.depth = 1
            var shapes = JSONShapes()
            _ = try parser.skipValue(following: [name], shapes: &shapes)
            let shape = try #require(shapes.shape)
            parser.index += 1
            var found: Range<Int>?
            #expect(parser.stepOverObject(shaped: shape, found: &found))
            parser.index += 1
            let start = parser.index
            #expect(!parser.stepOverObject(shaped: shape, found: &found))
            #expect(parser.index == start)
            #expect(throws: JSONParseError.self) { try parser.skipValue(following: [name], shapes: &shapes) }
        }
    }

    /// The shape's texts are compared a word at a time: every length up to past two words, equal or with one byte
    /// changed anywhere in it or just after it, with the input ending right after the text or with room after it.
    @Test func textsAreComparedByteForByte() {
        for length in 0...24 {
            let text = (0..<length).map { UInt8(0x41 + $0) } + [UInt8](repeating: 0, count: 8)
            for room in [0, 1, 7, 8, 16, 30] {
                var input = Array(text[0..<length]) + [UInt8](repeating: 0x7A, count: room)
                let same = input.withUnsafeBufferPointer { p in
                    text.withUnsafeBufferPointer { t in
                        JSONParser.sameText(p.baseAddress!, t.baseAddress!, length, p.count)
                    }
                }
                #expect(same, "length \(length), room \(room)")
                for changed in 0..<input.count {
                    input[changed] ^= 0x20
                    let found = input.withUnsafeBufferPointer { p in
                        text.withUnsafeBufferPointer { t in
                            JSONParser.sameText(p.baseAddress!, t.baseAddress!, length, p.count)
                        }
                    }
                    #expect(found == (changed >= length), "length \(length), room \(room), byte \(changed) changed")
                    input[changed] ^= 0x20
                }
            }
        }
    }
}
