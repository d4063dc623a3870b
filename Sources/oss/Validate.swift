import ArgumentParser
import Foundation
import PNGImage
import StationModel

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check station folders and product files.",
        discussion: """
            PATH may be a station folder, its station.yaml, a product file, or a folder of \
            station folders (such as stations/). Every problem is listed with file, line, \
            column and field; every picture is decoded completely. Every text is set on the panel as \
            the table shows it: one that does not fit even at the minimum text size (projector.min_text_mm), \
            or a language without hyphenation patterns, is a warning. Exits 0 only when everything is valid.
            """)

    @Argument(help: "Station folders, station.yaml files, product files, or folders of stations.")
    var paths: [String]

    /// Every PATH is checked, also after one that is missing or broken;
    /// the exit status is 1 when any of them had an error.
    func run() throws {
        var failed = false
        for path in paths {
            guard let targets = targets(for: path) else {
                failed = true
                continue
            }
            for target in targets {
                // Pictures are decoded as `simulate --frames` and `run` will: one that passes here cannot fail there.
                let result = StationLoader.check(directory: target.station, decodingPictures: PNGFile.problem)
                // Texts are measured as the renderer sets them, once the station loads.
                let all = result.diagnostics + (result.station.map { TextFitWarnings.diagnostics(for: $0, texts: result.texts) } ?? [])
                let shown = all.filter { target.files == nil || target.files!.contains($0.file) }
                for diagnostic in shown { Self.complain(diagnostic.description) }
                let errors = shown.filter { $0.severity == .error }.count
                if errors > 0 {
                    failed = true
                    print(Diagnostic.printable("\(target.label): \(errors) error\(errors == 1 ? "" : "s")"))
                } else {
                    let products = result.station?.products.count
                    print(Diagnostic.printable("\(target.label): ok") + (products.map { " (\($0) product\($0 == 1 ? "" : "s"))" } ?? ""))
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    private struct Target {
        var station: String
        /// Only these files' diagnostics are shown; nil for all.
        var files: [String]?
        var label: String
    }

    /// What to check for `path`, or nil after saying why there is nothing.
    private func targets(for path: String) -> [Target]? {
        var isDirectory: ObjCBool = false
        let clean = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard FileManager.default.fileExists(atPath: clean, isDirectory: &isDirectory) else {
            Self.complain(Diagnostic.printable("\(path): error: no such file or folder"))
            return nil
        }
        if isDirectory.boolValue {
            if FileManager.default.fileExists(atPath: clean + "/station.yaml") {
                return [Target(station: clean, files: nil, label: clean)]
            }
            let children = (try? FileManager.default.contentsOfDirectory(atPath: clean))?.sorted() ?? []
            let stations = children.filter { FileManager.default.fileExists(atPath: "\(clean)/\($0)/station.yaml") }
            guard !stations.isEmpty else {
                Self.complain(Diagnostic.printable("\(path): error: not a station folder (no station.yaml) and holds no station folders"))
                return nil
            }
            return stations.map { Target(station: "\(clean)/\($0)", files: nil, label: "\(clean)/\($0)") }
        }
        let url = URL(fileURLWithPath: clean)
        let folder = url.deletingLastPathComponent()
        if url.lastPathComponent == "station.yaml" {
            let directory = folder.path == "/" ? "." : (clean.contains("/") ? String(clean[..<clean.lastIndex(of: "/")!]) : ".")
            return [Target(station: directory, files: nil, label: clean)]
        }
        if folder.lastPathComponent == "products" {
            let productsDir = clean.contains("/") ? String(clean[..<clean.lastIndex(of: "/")!]) : "."
            let station = productsDir.contains("/") ? String(productsDir[..<productsDir.lastIndex(of: "/")!]) : "."
            return [Target(station: station, files: ["\(station)/station.yaml", "\(station)/products/\(url.lastPathComponent)"],
                           label: clean)]
        }
        Self.complain(Diagnostic.printable("\(path): error: expected a station folder, a station.yaml or a file in a products/ folder"))
        return nil
    }
}
