extension Console {
    func workerRoutes() -> [ConsoleRoute] { [] }
}
