// Printing a receipt after a submission, and saving it to a file.
#pragma once

#include <string>

#include "client/receipt.h"

namespace conclave::client {

// Text: index, tracking code, checkpoint size. JSON: the receipt JSON.
void print_receipt(const ReceiptFile& r, bool json);

// Saves the receipt JSON to a new file (never overwriting).
Status save_receipt(const ReceiptFile& r, const std::string& path);

}  // namespace conclave::client
