import Foundation

/// An error in words a user can act on. For a failed file operation that is the operating
/// system's own reason — "Is a directory", "Not a directory", "Permission denied", "Read-only file
/// system" — because Foundation on Linux describes these by a bare code ("The operation could not
/// be completed. (NSCocoaErrorDomain error 512.)") while the POSIX error it wraps says what
/// happened. The course's own errors describe themselves.
public func systemReason(_ error: Error) -> String {
    let described = error as NSError
    if described.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(described.code))) }
    guard described.domain == NSCocoaErrorDomain else { return String(describing: error) }
    if let underlying = described.userInfo[NSUnderlyingErrorKey] as? Error {
        let posix = underlying as NSError
        if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
    }
    return error.localizedDescription
}
