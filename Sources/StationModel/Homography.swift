/// A projective map of the plane: table millimetres to projector pixels for
/// a station's 4 calibration points. It maps straight lines to straight
/// lines, so a rectangle on the table becomes the quadrilateral the tilted
/// projector must draw to light exactly that rectangle. It lives beside the
/// station model so the loader refuses a calibration with the very test the
/// renderer applies: nothing `oss validate` accepts can fail later.
public struct Homography: Equatable, Sendable {
    /// Row-major 3×3 matrix, normalised so that `m[8]` is 1 where possible.
    public let m: [Double]

    public init(matrix: [Double]) {
        precondition(matrix.count == 9)
        m = matrix
    }

    /// The map taking each `source[i]` to `destination[i]` (4 points each,
    /// no three collinear). Nil when the points are degenerate.
    public init?(from source: [Point], to destination: [Point]) {
        guard source.count == 4, destination.count == 4 else { return nil }
        // Unknowns h0...h7 with h8 = 1:
        //   u = (h0 x + h1 y + h2) / (h6 x + h7 y + 1)
        //   v = (h3 x + h4 y + h5) / (h6 x + h7 y + 1)
        var a = [[Double]]()
        var b = [Double]()
        for (p, q) in zip(source, destination) {
            a.append([p.x, p.y, 1, 0, 0, 0, -p.x * q.x, -p.y * q.x])
            b.append(q.x)
            a.append([0, 0, 0, p.x, p.y, 1, -p.x * q.y, -p.y * q.y])
            b.append(q.y)
        }
        guard let h = Self.solve(a, b) else { return nil }
        m = h + [1]
    }

    /// Table millimetres to projector pixels, through a station's
    /// calibration; nil unless the map exists and can be inverted (the
    /// renderer needs both directions). The loader's check.
    public init?(calibration: [CalibrationPoint]) {
        self.init(from: calibration.map(\.table), to: calibration.map(\.pixel))
        guard inverse != nil else { return nil }
    }

    @inlinable
    public func map(_ p: Point) -> Point {
        let w = m[6] * p.x + m[7] * p.y + m[8]
        return Point(x: (m[0] * p.x + m[1] * p.y + m[2]) / w, y: (m[3] * p.x + m[4] * p.y + m[5]) / w)
    }

    /// The inverse map, or nil if the matrix is singular.
    public var inverse: Homography? {
        let (a, b, c, d, e, f, g, h, i) = (m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8])
        let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
        guard abs(det) > 1e-12 else { return nil }
        let inv = [e * i - f * h, c * h - b * i, b * f - c * e,
                   f * g - d * i, a * i - c * g, c * d - a * f,
                   d * h - e * g, b * g - a * h, a * e - b * d].map { $0 / det }
        let scale = abs(inv[8]) > 1e-12 ? inv[8] : 1
        return Homography(matrix: inv.map { $0 / scale })
    }

    /// Gaussian elimination with partial pivoting.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        let n = b.count
        var rows = zip(a, b).map { $0 + [$1] }
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(rows[$0][column]) < abs(rows[$1][column]) }),
                  abs(rows[pivot][column]) > 1e-12 else { return nil }
            rows.swapAt(column, pivot)
            for row in 0..<n where row != column {
                let factor = rows[row][column] / rows[column][column]
                if factor == 0 { continue }
                for k in column...n { rows[row][k] -= factor * rows[column][k] }
            }
        }
        return (0..<n).map { rows[$0][n] / rows[$0][$0] }
    }
}
