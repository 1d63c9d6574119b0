// For the runtime's other libraries (classify): report an error the way the C ABI does, so that
// bertc_last_error() says what went wrong whichever library failed. Not part of the public API.
#pragma once

#include <string>

namespace bertc::detail {

// Sets this thread's bertc_last_error() message and returns status.
int setLastError(int status, std::string message);

} // namespace bertc::detail
