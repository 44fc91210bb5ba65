/// The names in scope where a filter runs: one binding per frame, innermost first. Frames are shared, never
/// changed, so a closure keeps the scope it was defined in.
final class QueryEnvironment: Sendable {
    enum Binding: Sendable {
        case variable(String, JSONValue)
        /// `def name(params): body;` (the frame holding it is the scope its body runs in, so it can recurse)
        case function(QueryFunctionDefinition)
        /// A filter parameter: the argument's filter and the scope of the call.
        case closure(String, QueryNode, QueryEnvironment?)
        /// `label $name`, with the unique number its `break` throws.
        case label(String, Int)
    }

    let binding: Binding
    let parent: QueryEnvironment?

    init(_ binding: Binding, parent: QueryEnvironment?) {
        self.binding = binding
        self.parent = parent
    }

    func variable(_ name: String) -> JSONValue? {
        var frame: QueryEnvironment? = self
        while let current = frame {
            if case .variable(let bound, let value) = current.binding, bound == name { return value }
            frame = current.parent
        }
        return nil
    }

    func label(_ name: String) -> Int? {
        var frame: QueryEnvironment? = self
        while let current = frame {
            if case .label(let bound, let id) = current.binding, bound == name { return id }
            frame = current.parent
        }
        return nil
    }

    enum Function {
        case definition(QueryFunctionDefinition, QueryEnvironment)
        case closure(QueryNode, QueryEnvironment?)
    }

    func function(_ name: String, arity: Int) -> Function? {
        var frame: QueryEnvironment? = self
        while let current = frame {
            switch current.binding {
            case .function(let definition) where definition.name == name && definition.parameters.count == arity:
                return .definition(definition, current)
            case .closure(let bound, let node, let scope) where arity == 0 && bound == name:
                return .closure(node, scope)
            default:
                break
            }
            frame = current.parent
        }
        return nil
    }
}
