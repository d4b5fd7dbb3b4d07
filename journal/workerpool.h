// SPDX-License-Identifier: MIT
#pragma once

class QThreadPool;

// The threads that index, scan, filter and decode. Not QThreadPool::globalInstance(): Qt's raster paint
// engine splits large fills across the global pool and waits for them, so a busy global pool freezes
// painting on the GUI thread for as long as a job runs.
namespace WorkerPool {

QThreadPool *instance();

} // namespace WorkerPool
