import Hummingbird
import Operations

/// The workers: `GET /api/workers` and its page.
extension Console {
    func workerRoutes() -> [ConsoleRoute] {
        [
            ConsoleRoute(method: .get, path: "/api/workers", kind: .api, access: .signedIn(.view)) { call in try await self.workersJSON(call) },
            ConsoleRoute(method: .get, path: "/workers", kind: .page, access: .signedIn(.view)) { call in try await self.workersPage(call) },
        ]
    }

    func workersJSON(_ call: Call) async throws -> Response {
        let workshop = self.workshop
        let rows = try await Blocking.run { try workshop.workers() }
        return Responses.json(Workers.json(rows))
    }

    func workersPage(_ call: Call) async throws -> Response {
        let workshop = self.workshop
        let rows = try await Blocking.run { try workshop.workers() }
        let flat = rows.flatMap { row in
            row.products.map { product -> [String: Any] in
                [
                    "worker": row.worker, "workerPath": Self.pathSegment(row.worker), "product": product.product,
                    "level": product.level, "cycles": product.cycles, "lastCycle": product.lastCycleAt ?? "–",
                    "advice": product.advice.map(String.init) ?? "–", "reason": product.adviceReason ?? "",
                ]
            }
        }
        let values: [String: Any] = ["any": !flat.isEmpty, "rows": flat]
        return Responses.html(pages.page("workers", heading: text(call, "workers_title"), values: values, frame: frame(call, section: "workers")))
    }
}
