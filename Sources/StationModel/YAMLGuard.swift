// libyaml, as vendored by Yams: its event parser sees anchors and aliases
// before Yams builds (and hashes) a tree out of them.
import CYaml

/// Refuses what would make composing a YAML file cost more than its size:
/// anchors and aliases (a "billion laughs" file of a few hundred bytes
/// expands to gigabytes, and Yams hashes expanded keys), nesting deeper than
/// the format needs (Yams composes recursively), and too many nodes. Runs on
/// libyaml's event stream, which is linear in the file.
enum YAMLGuard {
    struct Refusal {
        var message: String
        /// 1-based.
        var line: Int
        var column: Int
    }

    /// The first reason to refuse `bytes`, or nil. Syntax errors are left to
    /// the composer, which reports them at the same place.
    static func check(_ bytes: [UInt8]) -> Refusal? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer -> Refusal? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            var nodes = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                func refuse(_ message: String) -> Refusal {
                    Refusal(message: message, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
                }
                let anchored: Bool
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    return refuse("YAML aliases (*name) are not supported; write the value out")
                case YAML_SCALAR_EVENT:
                    anchored = event.data.scalar.anchor != nil
                    nodes += 1
                case YAML_SEQUENCE_START_EVENT:
                    anchored = event.data.sequence_start.anchor != nil
                    nodes += 1
                    depth += 1
                case YAML_MAPPING_START_EVENT:
                    anchored = event.data.mapping_start.anchor != nil
                    nodes += 1
                    depth += 1
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    anchored = false
                    depth -= 1
                default:
                    anchored = false
                }
                if anchored { return refuse("YAML anchors (&name) are not supported; write the value out") }
                if depth > StationLimits.yamlDepth {
                    return refuse("lists and mappings are nested more than \(StationLimits.yamlDepth) levels deep")
                }
                if nodes > StationLimits.yamlNodes {
                    return refuse("the file has more than \(StationLimits.yamlNodes) values; a station needs far fewer")
                }
            }
        }
    }
}
