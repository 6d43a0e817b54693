import ArgumentParser

/// `callpark`: the SIP call park service and its administration commands.
@main
struct CallparkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callpark",
        abstract: "A SIP call park service with paired server pools and disaster recovery.",
        subcommands: [
            ServeCommand.self, StatusCommand.self, PoolCommand.self, UserCommand.self, OrbitRangeCommand.self, CPSCommand.self,
            ParkedCommand.self, EventsCommand.self, ConfigCommand.self, SIPCommand.self,
        ]
    )
}
