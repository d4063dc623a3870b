import Foundation
import TestSupport

/// Prints an HTML file to PDF with headless Chromium (Debian `chromium`),
/// as a reader would print the report: as root, offline, without a sandbox
/// (a container has none), with a private profile, killed after a timeout.
struct HeadlessChromium {
    let binary: String

    /// `OSS_CHROMIUM` if set; else the browser itself (`/usr/lib/chromium/chromium`,
    /// so that a timeout ends the process it started), else `chromium` on
    /// the PATH; nil when there is none.
    static func find() -> HeadlessChromium? {
        let environment = ProcessInfo.processInfo.environment
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        let candidates = environment["OSS_CHROMIUM"].map { [$0] }
            ?? ["/usr/lib/chromium/chromium"] + path.split(separator: ":").map { "\($0)/chromium" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map(HeadlessChromium.init)
    }

    static let missing = "chromium is missing: the PDF tests print the report with headless Chromium. "
        + "Install it with `make test` (scripts/install-deps.sh) or `apt-get install chromium`."

    struct Printed {
        var pdf: Data
        var seconds: Double
        /// Page objects (`/Type /Page`, not `/Pages`): Chromium's PDFs keep them uncompressed.
        var pageCount: Int
        /// Each page's MediaBox in whole points, e.g. [595, 842] for A4.
        var mediaBoxes: [[Int]]

        init(pdf: Data, seconds: Double) {
            self.pdf = pdf
            self.seconds = seconds
            let bytes = [UInt8](pdf)
            pageCount = Self.offsets(of: "/Type /Page", in: bytes).filter { $0 < bytes.count && bytes[$0] != UInt8(ascii: "s") }.count
            mediaBoxes = Self.offsets(of: "/MediaBox [", in: bytes).map { start in
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "]")) ?? start
                return String(decoding: bytes[start..<end], as: UTF8.self).split(separator: " ").compactMap { Double($0) }
                    .dropFirst(2).map { Int($0.rounded()) }
            }
        }

        /// The offsets just after each occurrence of `pattern` (a byte search: PDFs are not text).
        private static func offsets(of pattern: String, in bytes: [UInt8]) -> [Int] {
            let needle = Array(pattern.utf8)
            guard bytes.count >= needle.count else { return [] }
            var result: [Int] = []
            for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
                if bytes[start..<start + needle.count].elementsEqual(needle) { result.append(start + needle.count) }
            }
            return result
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case timedOut(Double), failed(Int32, String)
        var description: String {
            switch self {
            case let .timedOut(seconds): "chromium did not print within \(seconds) s"
            case let .failed(status, stderr): "chromium exited with \(status): \(stderr.suffix(600))"
            }
        }
    }

    /// Prints `html` (written to a file in `folder`) to a PDF, in at most
    /// `timeout` seconds; the profile is `folder/profile`, shared by the
    /// prints of one folder (one after the other).
    func print(_ html: String, in folder: String, name: String, timeout: Double = 30) throws -> Printed {
        let page = folder + "/\(name).html", pdf = folder + "/\(name).pdf"
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--disable-component-update", "--user-data-dir=\(folder)/profile", "--no-pdf-header-footer",
            "--print-to-pdf=\(pdf)", URL(fileURLWithPath: page).absoluteString,
        ]
        let errors = FileManager.default.createFile(atPath: folder + "/\(name).stderr", contents: nil)
            ? try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/\(name).stderr")) : nil
        // Not under the device emulation of `make test` (umockdev's preload): the browser prints, nothing more.
        var environment = ProcessInfo.processInfo.environment
        for name in ["LD_PRELOAD", "UMOCKDEV_DIR"] { environment.removeValue(forKey: name) }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors ?? FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        let start = Date()
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
            throw Failure.timedOut(timeout)
        }
        let seconds = Date().timeIntervalSince(start)
        let stderr = (try? String(contentsOfFile: folder + "/\(name).stderr", encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: pdf), !data.isEmpty else {
            throw Failure.failed(process.terminationStatus, stderr)
        }
        return Printed(pdf: data, seconds: seconds)
    }
}
