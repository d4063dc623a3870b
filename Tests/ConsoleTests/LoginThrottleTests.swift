@testable import Console
import Testing

@Suite("LoginThrottle")
struct LoginThrottleTests {
    let minute: Int64 = 60_000_000

    @Test func fiveFailuresLockTheNameForFiveMinutes() {
        var throttle = LoginThrottle()
        for attempt in 0..<5 {
            #expect(throttle.allows("anna", at: Int64(attempt) * minute / 2))
            throttle.recordFailure("anna", at: Int64(attempt) * minute / 2)
        }
        let fifth = 2 * minute
        #expect(!throttle.allows("anna", at: fifth + 1))
        #expect(!throttle.allows("anna", at: fifth + 5 * minute - 1))
        #expect(throttle.allows("anna", at: fifth + 5 * minute))
    }

    @Test func otherNamesAreNotAffected() {
        var throttle = LoginThrottle()
        for _ in 0..<5 { throttle.recordFailure("anna", at: 0) }
        #expect(!throttle.allows("anna", at: 1))
        #expect(throttle.allows("bert", at: 1))
    }

    @Test func failuresOlderThanTheWindowDoNotCount() {
        var throttle = LoginThrottle()
        for index in 0..<4 { throttle.recordFailure("anna", at: Int64(index) * minute) }
        // The first failure (at 0) has left the window at 5 minutes: three remain, so a fifth does not lock.
        throttle.recordFailure("anna", at: 5 * minute)
        #expect(throttle.allows("anna", at: 5 * minute + 1))
    }

    @Test func aSuccessClearsTheCount() {
        var throttle = LoginThrottle()
        for _ in 0..<4 { throttle.recordFailure("anna", at: 0) }
        throttle.recordSuccess("anna")
        throttle.recordFailure("anna", at: 1)
        #expect(throttle.allows("anna", at: 2))
    }

    @Test func aFloodOfInventedNamesStaysBounded() {
        var throttle = LoginThrottle()
        for index in 0..<(LoginThrottle.nameLimit + 500) { throttle.recordFailure("name\(index)", at: Int64(index)) }
        #expect(throttle.rememberedNames <= LoginThrottle.nameLimit)
    }
}
