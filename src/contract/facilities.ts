// Facility schemas (toilets, garbage points): filled by the facilities work.
export {}
