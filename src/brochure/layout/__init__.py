"""Layout: geometry of frames, the facing-columns flowables, city cards and the story."""
