import Testing

/// Suites that check the process-wide interrupt handler (`InterruptCleanup`), which any download arms: nested
/// here so that they run one test at a time among themselves, not only within each suite.
@Suite(.serialized) enum ProcessSignalTests {}
