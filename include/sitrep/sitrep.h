// Umbrella header for libsitrep: include this and nothing else from sitrep/.
#pragma once

#include "sitrep/article.h"
#include "sitrep/event.h"
#include "sitrep/pipeline.h"
#include "sitrep/status.h"
