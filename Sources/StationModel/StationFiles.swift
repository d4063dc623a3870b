import LinuxSystem

/// The one way files of a station folder are opened, by the loader and by
/// the renderer's picture loading alike: regular files inside the folder,
/// no symbolic links, no `..`, sizes checked before reading.
public enum StationFiles {
    /// The bytes of `relative` in the station folder `directory`, at most `limit`.
    public static func read(_ relative: String, in directory: String, limit: Int) throws(StationFileError) -> [UInt8] {
        do {
            return try ConfinedFile.read(relative, inside: directory, limit: limit)
        } catch {
            throw StationFileError(path: relative, directory: directory, cause: error)
        }
    }

    /// Opens the picture `relative` after checking its header and its size
    /// against `maximumPixels`; the caller decodes from the returned handle
    /// (and checks the header it decodes against the same budget).
    public static func openPicture(_ relative: String, in directory: String,
                                   maximumPixels: Int = StationLimits.picturePixels) throws(StationFileError) -> ConfinedFile.Handle {
        _ = try pictureHeader(relative, in: directory, maximumPixels: maximumPixels)
        do {
            return try ConfinedFile.open(relative, inside: directory)
        } catch {
            throw StationFileError(path: relative, directory: directory, cause: error)
        }
    }

    /// The size of the picture `relative`, refused when it is not a PNG
    /// picture, is larger than `maximumPixels` or its file than `StationLimits.pictureBytes`.
    public static func pictureHeader(_ relative: String, in directory: String,
                                     maximumPixels: Int = StationLimits.picturePixels) throws(StationFileError) -> PNGHeader {
        let bytes: [UInt8]
        do throws(ConfinedFileError) {
            let handle = try ConfinedFile.open(relative, inside: directory)
            guard handle.size <= StationLimits.pictureBytes else {
                throw ConfinedFileError.tooLarge(size: handle.size, limit: StationLimits.pictureBytes)
            }
            bytes = try handle.read(upTo: PNGHeader.byteCount)
        } catch {
            throw StationFileError(path: relative, directory: directory, cause: error)
        }
        switch PNGHeader.parse(bytes) {
        case .failure(let problem):
            throw StationFileError(path: relative, directory: directory, problem: "\(problem)")
        case .success(let header):
            guard header.pixels <= maximumPixels else {
                throw StationFileError(path: relative, directory: directory, problem:
                    "is \(header.width)x\(header.height) pixels, more than the \(pixelText(maximumPixels)) a picture may have; make it smaller")
            }
            return header
        }
    }

    /// "4.2 million pixels" style, for limits in messages.
    static func pixelText(_ pixels: Int) -> String {
        let tenths = (pixels + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10) million pixels"
    }
}

/// A station file that cannot be used, with a message naming it.
public struct StationFileError: Error, Sendable, CustomStringConvertible {
    /// As written in the station (`media/step.png`, `station.yaml`).
    public var path: String
    public var directory: String
    /// What is wrong, after the quoted path: "is a symbolic link; ...".
    public var problem: String
    /// Why the file could not be opened or read, when that was the problem.
    public var cause: ConfinedFileError?

    init(path: String, directory: String, problem: String, cause: ConfinedFileError? = nil) {
        self.path = path
        self.directory = directory
        self.problem = problem
        self.cause = cause
    }

    init(path: String, directory: String, cause: ConfinedFileError) {
        let rule = "station files must be regular files inside the station folder"
        let problem = switch cause {
        case .outside: "is not a path inside the station folder; write it relative to the folder, such as media/step.png"
        case .notFound: "not found in \(directory)"
        case .symbolicLink(let component) where path.split(separator: "/").last.map(String.init) == component:
            "is a symbolic link; \(rule), not links"
        case .symbolicLink(let component): "lies behind the symbolic link '\(component)'; \(rule), not links"
        case .notAFolder(let component): "cannot be opened: '\(component)' is not a folder"
        case .notRegular: "is not a regular file (a folder, device or pipe); \(rule)"
        case .tooLarge(let size, let limit): "holds \(size) bytes, more than the limit of \(limit) bytes"
        case .system(let error): "cannot be read (\(error))"
        }
        self.init(path: path, directory: directory, problem: problem, cause: cause)
    }

    public var description: String { "'\(path)' \(problem)" }
}
