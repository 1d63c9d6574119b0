// The instruction set a model's kernels run with (see Isa.cpp).
#pragma once

#include "bertc/model_desc.h"

#include <string>

namespace bertc::detail {

// The index into desc->isas to run: BERTC_ISA's when set, else the first this CPU runs; -1 with
// `error` saying why when there is none (an unknown name, a CPU or model that lacks it).
int chooseIsa(const bertc_model_desc* desc, std::string& error);

} // namespace bertc::detail
