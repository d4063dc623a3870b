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

    public struct StepRecord: Sendable, Equatable {
        public var step: String
        public var index: Int
        public var startedAt: Int64
        public var duration: Int64?
        public var errors = 0
        public var help = 0
        public var blocked = 0
        public var slow = false
    }

    public struct ErrorRecord: Sendable, Equatable {
        public var step: String
        public var index: Int
        public var at: Int64
        public var kind: String
        public var input: String
        public var clearedBy: String?
        public var clearedAt: Int64?
    }

    public struct HelpRecord: Sendable, Equatable {
        public var step: String
        public var index: Int
        public var at: Int64
        public var level: Int
    }
}
