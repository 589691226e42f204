// Private header of the store stage: the back-end interface lives in store/backend.h.
#pragma once

#include "store/backend.h"
