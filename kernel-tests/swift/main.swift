import LinuxSystem

// Device tests run inside the kernel-test VM (kernel-tests/run.sh): one kind per boot.
let kinds: [String: () -> Void] = [
    "framebuffer": FramebufferTests.run,
    "input": InputTests.run,
    "board": BoardTests.run,
]
guard CommandLine.arguments.count == 2, let kind = kinds[CommandLine.arguments[1]] else {
    say("usage: oss-kernel-tests \(kinds.keys.sorted().joined(separator: "|"))")
    ProcessFacts.exit(2)
}
kind()
ProcessFacts.exit(Report.failed == 0 ? 0 : 1)
