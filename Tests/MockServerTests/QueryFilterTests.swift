import JSON
import Testing

@testable import MockServer

private let people: [JSONValue] = [
    [
        "id": 1, "name": "Ada", "age": 36, "admin": true, "city": "London", "tags": ["math", "code"],
        "address": ["city": "London", "zip": "N1"],
    ],
    [
        "id": "2", "name": "Grace", "age": 85, "admin": false, "city": "New York", "tags": ["navy"],
        "address": ["city": "Arlington"],
    ],
    ["id": 3, "name": "alan", "age": "41", "admin": nil, "city": "Wilmslow", "tags": []],
    ["id": 4, "name": "Edsger", "age": 72.5, "city": "Austin", "address": ["city": "Austin", "zip": 78701]],
]

private func names(_ query: String) throws -> [String] {
    let parsed = try CollectionQuery(QueryParameters(query: Substring(query)))
    let result = try parsed.run(on: people, resource: "people", database: Database())
    return result.items.compactMap { $0["name"]?.stringValue }
}

struct FilterOperatorTests {
    @Test(arguments: [
        // type-aware equality: the query text is read as the field's type
        ("id=1", ["Ada"]),
        ("id=2", ["Grace"]),
        ("id=1&id=3", ["Ada", "alan"]),
        ("age=36", ["Ada"]),
        ("age=36.0", ["Ada"]),
        ("age=41", ["alan"]),
        ("admin=true", ["Ada"]),
        ("admin=false", ["Grace"]),
        ("admin=null", ["alan"]),
        ("name=ada", []),
        ("tags=navy", ["Grace"]),
        // explicit operators
        ("age:eq=85", ["Grace"]),
        ("age:ne=85", ["Ada", "alan", "Edsger"]),
        // alan's age is the string "41": compared as a string ("41" < "72.5")
        ("age:lt=72.5", ["Ada", "alan"]),
        ("age:lte=72.5", ["Ada", "alan", "Edsger"]),
        ("age:gt=72.5", ["Grace"]),
        ("age:gte=72.5", ["Grace", "Edsger"]),
        ("id:in=1,2", ["Ada", "Grace"]),
        ("name:in=Ada,alan,nobody", ["Ada", "alan"]),
        ("city:contains=on", ["Ada"]),
        ("city:contains=YORK", ["Grace"]),
        ("tags:contains=code", ["Ada"]),
        ("name:startsWith=A", ["Ada", "alan"]),
        ("name:endsWith=ER", ["Edsger"]),
        // a string field compares as a string: "41" < "5"
        ("age:gt=5", ["Ada", "Grace", "Edsger"]),
        // v0 suffix forms
        ("age_gte=72.5", ["Grace", "Edsger"]),
        ("age_lte=40", ["Ada"]),
        ("id_ne=1", ["Grace", "alan", "Edsger"]),
        ("name_like=^a", ["Ada", "alan"]),
        ("name_like=G.A", ["Grace"]),
        ("age_like=^7", ["Edsger"]),
        // dotted paths
        ("address.city=Austin", ["Edsger"]),
        ("address.zip=78701", ["Edsger"]),
        ("tags.0=math", ["Ada"]),
        // full-text q searches every string, case-insensitively
        ("q=LOND", ["Ada"]),
        ("q=arling", ["Grace"]),
        ("q=41", ["alan"]),
        // filters on different keys are ANDed
        ("city:contains=o&age:gt=50", ["Grace"]),
        // a missing field matches only ne
        ("address.zip:ne=N1", ["Grace", "alan", "Edsger"]),
        ("missing=1", []),
    ])
    func filter(query: String, expected: [String]) throws {
        #expect(try names(query) == expected)
    }

    @Test(arguments: [
        ("_foo=1", "unknown query parameter '_foo'"),
        ("age:between=1", "unknown operator 'between' in 'age:between'"),
        ("name_like=(", "invalid regular expression in name_like: '('"),
        ("_page=x", "_page must be an integer, got 'x'"),
        ("_limit=-1", "_limit must be a non-negative integer, got '-1'"),
        ("_sort=age&_order=up", "_order must be asc or desc, got 'up'"),
        ("_page=1&_start=2", "_start and _end cannot be combined with _page or _per_page"),
        ("_embed=nothing", "cannot embed 'nothing'"),
    ])
    func rejectsBadQueries(query: String, messageStart: String) {
        #expect {
            _ = try names(query)
        } throws: { error in
            (error as? CollectionQueryError)?.message.hasPrefix(messageStart) == true
        }
    }

    @Test func percentDecoding() {
        let parameters = QueryParameters(query: "name=New+York&city=S%C3%A3o%20Paulo&x=%zz&flag")
        #expect(parameters["name"] == "New York")
        #expect(parameters["city"] == "São Paulo")
        #expect(parameters["x"] == "%zz")
        #expect(parameters["flag"] == "")
    }
}
