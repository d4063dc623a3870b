/// One ended cycle as it is stored: what the journal keeps of a unit of work.
public struct CycleRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case done, abandoned }

    public var station: String
    public var worker: String
    public var product: String
    public var number: Int
    public var level: Int
    public var status: Status
    /// Absolute times in µs since the Unix epoch.
    public var startedAt: Int64
    public var endedAt: Int64
    /// Set for finished cycles only.
    public var duration: Int64?
    public var errors: Int
    public var help: Int
    public var normTime: Int64
    public var steps: [StepRecord] = []
    public var errorRecords: [ErrorRecord] = []
    public var helpRequests: [HelpRecord] = []

    public init(station: String, worker: String, product: String, number: Int, level: Int, status: Status,
                startedAt: Int64, endedAt: Int64, duration: Int64?, errors: Int, help: Int, normTime: Int64,
                steps: [StepRecord] = [], errorRecords: [ErrorRecord] = [], helpRequests: [HelpRecord] = []) {
        self.station = station
        self.worker = worker
        self.product = product
        self.number = number
        self.level = level
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.duration = duration
        self.errors = errors
        self.help = help
        self.normTime = normTime
        self.steps = steps
        self.errorRecords = errorRecords
        self.helpRequests = helpRequests
    }

    public struct StepRecord: Sendable, Equatable {
        public var step: String
        public var index: Int
        public var startedAt: Int64
        public var duration: Int64?
        public var errors = 0
        public var help = 0
        public var blocked = 0
        public var slow = false

        public init(step: String, index: Int, startedAt: Int64, duration: Int64? = nil, errors: Int = 0, help: Int = 0,
                    blocked: Int = 0, slow: Bool = false) {
            self.step = step
            self.index = index
            self.startedAt = startedAt
            self.duration = duration
            self.errors = errors
            self.help = help
            self.blocked = blocked
            self.slow = slow
        }
    }

    public struct ErrorRecord: Sendable, Equatable {
        public var step: String
        public var index: Int
        public var at: Int64
        public var kind: String
        public var input: String
        public var clearedBy: String?
        public var clearedAt: Int64?

        public init(step: String, index: Int, at: Int64, kind: String, input: String, clearedBy: String? = nil, clearedAt: Int64? = nil) {
            self.step = step
            self.index = index
            self.at = at
            self.kind = kind
            self.input = input
            self.clearedBy = clearedBy
            self.clearedAt = clearedAt
        }
    }

    public struct HelpRecord: Sendable, Equatable {
        public var step: String
        public var index: Int
        public var at: Int64
        public var level: Int

        public init(step: String, index: Int, at: Int64, level: Int) {
            self.step = step
            self.index = index
            self.at = at
            self.level = level
        }
    }
}
