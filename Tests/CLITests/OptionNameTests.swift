import Testing

@testable import CLI

@Suite struct OptionNameTests {
    /// Every option of the table has its `OptionName`, and every name its option: reading an option by a name the
    /// table does not declare cannot compile, and an option added to the table without a name fails here.
    @Test func namesAreTheTablesOptions() {
        #expect(OptionName.allCases.map(\.rawValue) == OptionTable.options.map(\.long))
    }
}
