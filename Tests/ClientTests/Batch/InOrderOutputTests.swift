import Testing

@testable import Client

@Suite struct InOrderOutputTests {
    /// Completion orders, and what is ready (as "0,1,…") after each completion.
    static let rows: [([Int], [String])] = [
        ([0, 1, 2], ["0", "0,1", "0,1,2"]),
        ([2, 1, 0], ["", "", "0,1,2"]),
        ([1, 0, 3, 2], ["", "0,1", "0,1", "0,1,2,3"]),
        ([0, 2, 3, 1, 4], ["0", "0", "0", "0,1,2,3", "0,1,2,3,4"]),
    ]

    @Test(arguments: rows)
    func releasesLinesInIndexOrder(_ completions: [Int], _ readyAfterEach: [String]) {
        var output = InOrderOutput()
        var seen: [String] = []
        for index in completions {
            output.complete(index) { $0.append(contentsOf: "\(index),".utf8) }
            let ready = String(decoding: output.ready, as: UTF8.self)
            seen.append(String(ready.dropLast()))
        }
        #expect(seen == readyAfterEach)
        #expect(output.nextIndex == completions.count)
        #expect(output.waitingCount == 0)
    }

    @Test func takeReadyHandsOverOnceAndEmpties() {
        var output = InOrderOutput()
        output.complete(1) { $0.append(contentsOf: "b\n".utf8) }
        #expect(output.takeReady { _ in true } == nil)
        #expect(output.waitingCount == 1)
        output.complete(0) { $0.append(contentsOf: "a\n".utf8) }
        #expect(output.takeReady { String(decoding: $0, as: UTF8.self) } == "a\nb\n")
        #expect(output.takeReady { _ in true } == nil)
        output.complete(2) { $0.append(contentsOf: "c\n".utf8) }
        #expect(output.takeReady { String(decoding: $0, as: UTF8.self) } == "c\n")
    }
}

@Suite struct BatchSchedulingTests {
    @Test func dueQueuePopsEarliestFirstAndKeepsOrderOfEqualTimes() {
        var queue = DueQueue<String>()
        queue.add("late", due: 5)
        queue.add("early", due: 1)
        queue.add("tie-a", due: 3)
        queue.add("tie-b", due: 3)
        #expect(queue.earliestDue == 1)
        #expect(queue.popDue(now: 0.5) == nil)
        #expect(queue.popDue(now: 10) == "early")
        #expect(queue.popDue(now: 10) == "tie-a")
        #expect(queue.popDue(now: 10) == "tie-b")
        #expect(queue.popDue(now: 4) == nil)
        #expect(queue.popDue(now: 5) == "late")
        #expect(queue.isEmpty)
    }

    @Test func pacerSpacesStartsByTheRate() {
        var pacer = StartPacer(rate: 4)
        #expect(pacer.allows(now: 100))
        pacer.recordStart(now: 100)
        #expect(!pacer.allows(now: 100.2))
        #expect(pacer.earliestStart() == 100.25)
        #expect(pacer.allows(now: 100.25))
        pacer.recordStart(now: 100.3)  // late start: the next one is an interval after it, not before
        #expect(pacer.earliestStart() == 100.55)
    }

    @Test(arguments: [nil, 0, -1] as [Double?])
    func pacerWithoutRateAllowsEverything(_ rate: Double?) {
        var pacer = StartPacer(rate: rate)
        pacer.recordStart(now: 1)
        pacer.recordStart(now: 1)
        #expect(pacer.allows(now: 1))
    }
}
