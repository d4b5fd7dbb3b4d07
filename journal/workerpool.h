// SPDX-License-Identifier: MIT
#pragma once

class QThreadPool;

// The threads that index, scan, filter and decode. Not QThreadPool::globalInstance(): Qt's raster paint
// engine splits large fills across the global pool and waits for them, so a busy global pool freezes
// painting on the GUI thread for as long as a job runs.
namespace WorkerPool {

QThreadPool *instance();

// Marks the hand-offs between a thread and the pool's workers for ThreadSanitizer. Qt from the distribution
// is not instrumented, so the happens-before its queues and waits provide is invisible to TSan; call
// handOff() before work or results cross to another thread and takeOver() where they are picked up. No-ops in
// other builds.
void handOff();
void takeOver();

} // namespace WorkerPool
