// Stage 1, ingest: implements the readers of include/sitrep/reader.h.
#pragma once

#include "sitrep/reader.h"
