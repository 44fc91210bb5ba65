/// The builtins written in jq itself, parsed once. Each is the definition jq 1.8's manual gives (or an
/// equivalent one); the hot ones (`map`, `select`, `sort_by`, `to_entries`, ...) are in Swift instead.
enum QueryPrelude {
    static let source = #"""
        def values: select(. != null);
        def nulls: select(. == null);
        def booleans: select(type == "boolean");
        def numbers: select(type == "number");
        def strings: select(type == "string");
        def arrays: select(type == "array");
        def objects: select(type == "object");
        def iterables: select(type | . == "array" or . == "object");
        def scalars: select(type | . != "array" and . != "object");
        def isfinite: type == "number" and (isinfinite | not);
        def normals: select(isnormal);
        def finites: select(isfinite);
        def recurse(f): def r: ., (f | r); r;
        def recurse(f; cond): def r: ., (f | select(cond) | r); r;
        def paths(node_filter): path(recurse(.[]?) | select(node_filter)) | select(length > 0);
        def leaf_paths: paths(scalars);
        def map_values(f): .[] |= f;
        def from_entries: reduce .[] as $x ({};
            . + { ($x | if type == "object" then (if has("key") then .key elif has("k") then .k
                  elif has("name") then .name elif has("Name") then .Name elif has("K") then .K else .Key end)
                  else error("Cannot use \(type) (\(tojson)) as object key") end
                  | if type == "string" then . elif type == "null" then "null"
                    elif type == "boolean" or type == "number" then tojson
                    else error("Cannot use \(type) (\(tojson)) as object key") end):
                  ($x | if has("value") then .value elif has("v") then .v else .Value end) });
        def with_entries(f): to_entries | map(f) | from_entries;
        def in(xs): . as $x | xs | has($x);
        def inside(xs): . as $x | xs | contains($x);
        def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $y | [$x] + $y end;
        def combinations(n): . as $dot | [range(n) | $dot] | combinations;
        def walk(f): def w: if type == "object" then map_values(w) elif type == "array" then map(w) else . end | f; w;
        def first: .[0];
        def last: .[-1];
        def nth($n): .[$n];
        def nth($n; f): if $n < 0 then error("nth doesn't support negative indices") else first(skip($n; f)) end;
        def isempty(g): label $go | (g | false, break $go), true | ., break $go;
        def all(generator; condition): isempty(first(generator | condition and empty));
        def any(generator; condition): isempty(first(generator | condition or empty)) | not;
        def all(condition): all(.[]; condition);
        def any(condition): any(.[]; condition);
        def all: all(.[]; .);
        def any: any(.[]; .);
        def range($x): range(0; $x);
        def range($from; $upto; $by):
            if $by > 0 then $from | while(. < $upto; . + $by)
            elif $by < 0 then $from | while(. > $upto; . + $by)
            else empty end;
        def while(cond; update): def _while: if cond then ., (update | _while) else empty end; _while;
        def until(cond; update): def _until: if cond then . else (update | _until) end; _until;
        def repeat(f): def _repeat: ., (f | _repeat); _repeat;
        def skip($n; f):
            if $n > 0 then foreach f as $item ($n; . - 1; if . < 0 then $item else empty end)
            elif $n == 0 then f
            else error("skip doesn't support negative count") end;
        def todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ");
        def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime;
        def todate: todateiso8601;
        def fromdate: fromdateiso8601;
        def date: todate;
        def dateadd(u; n): . + n;
        def datesub(u; n): . - n;
        def match(re; mode): _match_impl(re; mode; false) | .[];
        def match($val): ($val | type) as $vt | if $vt == "string" then match($val; null)
            elif $vt == "array" and ($val | length) > 1 then match($val[0]; $val[1])
            elif $vt == "array" and ($val | length) > 0 then match($val[0]; null)
            else error($vt + " not a string or array") end;
        def test(re; mode): _match_impl(re; mode; true);
        def test($val): ($val | type) as $vt | if $vt == "string" then test($val; null)
            elif $vt == "array" and ($val | length) > 1 then test($val[0]; $val[1])
            elif $vt == "array" and ($val | length) > 0 then test($val[0]; null)
            else error($vt + " not a string or array") end;
        def capture(re; mods): match(re; mods)
            | reduce (.captures | .[] | select(.name != null) | {(.name): .string}) as $pair ({}; . + $pair);
        def capture($val): ($val | type) as $vt | if $vt == "string" then capture($val; null)
            elif $vt == "array" and ($val | length) > 1 then capture($val[0]; $val[1])
            elif $vt == "array" and ($val | length) > 0 then capture($val[0]; null)
            else error($vt + " not a string or array") end;
        def scan($re; $flags): match($re; "g" + $flags)
            | if (.captures | length > 0) then [.captures | .[] | .string] else .string end;
        def scan($re): scan($re; null);
        def splits($re; $flags): .[foreach (match($re; $flags + "g"), null) as {$offset, $length}
            (null; {start: .next, end: $offset, next: ($offset + $length)})];
        def splits($re): splits($re; null);
        def split($re; $flags): [splits($re; $flags)];
        def sub($re; s; $flags): . as $in
            | (reduce match($re; $flags) as $edit ({result: [], previous: 0};
                $in[.previous: ($edit | .offset)] as $gap
                | [reduce ($edit | .captures | .[] | select(.name != null) | {(.name): .string}) as $pair
                    ({}; . + $pair) | s] as $inserts
                | reduce range(0; $inserts | length) as $ix (.; .result[$ix] += $gap + $inserts[$ix])
                | .previous = ($edit | .offset + .length))
              | .result[] + $in[.previous:])
            // $in;
        def sub($re; s): sub($re; s; "");
        def gsub($re; s; flags): sub($re; s; flags + "g");
        def gsub($re; s): sub($re; s; "g");
        def tostream: path(def r: (.[]? | r), .; r) as $p | getpath($p) | reduce path(.[]?) as $q ([$p, .]; [$p + $q]);
        def fromstream(f): {x: null, e: false} as $init
            | foreach f as $i ($init;
                if .e then $init else . end
                | if $i | length == 2
                  then setpath(["e"]; $i[0] | length == 0) | setpath(["x"] + $i[0]; $i[1])
                  else setpath(["e"]; $i[0] | length == 1) end;
                if .e then .x else empty end);
        def truncate_stream(stream): . as $n | null | stream | . as $input
            | if (.[0] | length) > $n then setpath([0]; $input[0][$n:]) else empty end;
        def pick(pathexps): . as $top | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));
        def halt_error: halt_error(5);
        def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring] |= $row);
        def INDEX(idx_expr): INDEX(.[]; idx_expr);
        def IN(s): any(s == .; .);
        def IN(src; s): any(src == s; .);
        def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
        def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
        def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
        """#

    static let definitions: [QueryFunctionKey: QueryFunctionDefinition] = {
        var table: [QueryFunctionKey: QueryFunctionDefinition] = [:]
        guard var node = try? QueryParser.parse(source + " .") else { return table }
        while case .define(let definition, let rest) = node {
            table[QueryFunctionKey(name: definition.name, arity: definition.parameters.count)] = definition
            node = rest
        }
        return table
    }()
}
