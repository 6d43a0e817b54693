import Testing

@testable import Registrar
