// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "contextcontrol.h"
#include "detailpane.h"
#include "doctordialog.h"
#include "eventrowdelegate.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "exportdialog.h"
#include "filterbar.h"
#include "findbar.h"
#include "fontzoom.h"
#include "journalfilename.h"
#include "journalloader.h"
#include "livefeed.h"
#include "navigator.h"
#include "noticebar.h"
#include "palettecolours.h"
#include "querycompletionmodel.h"
#include "retentionpanel.h"
#include "rowactions.h"
#include "savedquerymodel.h"
#include "sessionlistmodel.h"
#include "sessionpanel.h"
#include "sessionspanel.h"
#include "tablecolumns.h"
#include "timelinewidget.h"
#include "timestamp.h"
#include "uitext.h"
#include "workerpool.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QColor>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

constexpr int MaxRecent = 10;

QString number(qint64 n)
{
    return QLocale().toString(n);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new EventTableModel(this))
    , m_loader(new JournalLoader(m_model, this))
    , m_table(new EventTableView(this))
    , m_filterBar(new FilterBar(this))
    , m_savedQueries(new SavedQueryModel(this))
    , m_queryCompletions(new QueryCompletionModel(m_model, this))
    , m_sessions(new SessionsPanel(this))
    , m_timeline(new TimelineWidget(m_model, this))
    , m_detail(new DetailPane(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_notice(new NoticeBar(this))
    , m_statusEvents(new QLabel(this))
    , m_statusWindow(new QLabel(this))
    , m_statusMalformed(new QLabel(this))
    , m_followButton(new QToolButton(this))
    , m_newEvents(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_live(new LiveFeed(this))
    , m_statusLive(new QLabel(this))
{
    // Indexing, filters and decoding give way to the window whenever it has something to do.
    WorkerPool::runBelowOtherThreads();
    setWindowTitle(tr("Bamboo Journal Browser"));
    setAcceptDrops(true);
    setUpTable();
    setUpLayout();
    setUpStatusBar();
    setUpDocks();
    createMenus();
    connectTable();
    connectFilters();
    connectLoader();
    connectLiveFeed();

    m_sidebarTimer.setSingleShot(true);
    connect(&m_sidebarTimer, &QTimer::timeout, this, &MainWindow::refreshSidebar);

    restoreSettings();
    setFollowing(true);
    updateStatus();
}

MainWindow::~MainWindow()
{
    // Children outlive this destructor (QWidget deletes them after it): none may call back into a
    // half-destroyed window, e.g. the scroll bar reporting its range as the table goes.
    const QList<QObject *> senders = {m_table->verticalScrollBar(),
                                      m_table->selectionModel(),
                                      m_table,
                                      m_notice,
                                      m_model,
                                      m_loader,
                                      m_filterBar,
                                      m_sessions,
                                      m_timeline,
                                      m_detail,
                                      m_retention,
                                      m_newEvents,
                                      m_cancel,
                                      m_live};
    for (QObject *sender : senders)
        sender->disconnect(this);
}

// The event table: its model, rows of one line, columns, row actions and zoom.
void MainWindow::setUpTable()
{
    m_table->setObjectName(QStringLiteral("events"));
    m_table->setAccessibleName(tr("Events"));
    m_table->setModel(m_model);
    // The Navigator puts its MarkedRowDelegate (an EventRowDelegate with the find's and the bookmarks'
    // marks).
    m_table->setAlternatingRowColors(true);
    m_columns = new TableColumns(m_table, m_model, this);
    connect(m_columns, &TableColumns::layoutReset, this, &MainWindow::updateColumnWidths);
    m_rowActions = new RowActions(this);
    m_fontZoom = new FontZoom(m_table, m_detail, this);
    updateColumnWidths();
}

// Sessions | notice, filter and find bars over the table and timeline | detail.
void MainWindow::setUpLayout()
{
    auto *center = new QWidget(this);
    auto *centerLayout = new QVBoxLayout(center);
    centerLayout->setContentsMargins(0, 0, 0, 0);
    centerLayout->setSpacing(0);
    centerLayout->addWidget(m_notice);
    centerLayout->addWidget(m_filterBar);
    m_navigator = new Navigator(this, m_model, m_table, m_loader, m_detail, m_timeline, this);
    centerLayout->addWidget(m_navigator->findBar());
    m_filterBar->addControl(m_navigator->contextControl());
    connect(m_navigator, &Navigator::noticeRequested, this,
            [this](const QString &text) { showNotice(text); });
    connect(m_filterBar, &FilterBar::filterChanged, m_navigator, &Navigator::setFilter);
    centerLayout->addWidget(m_table, 1);
    centerLayout->addWidget(m_timeline);

    m_splitter->addWidget(m_sessions);
    m_splitter->addWidget(center);
    m_splitter->addWidget(m_detail);
    // All three give way as the window narrows, the table least.
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 4);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({270, 880, 400});
    // A small window shrinks the side panes before the table; they keep enough to be recognised.
    m_sessions->setMinimumWidth(60);
    m_detail->setMinimumWidth(120);
    setCentralWidget(m_splitter);
}

// The retained window, findings, live state, progress and the follow switch.
void MainWindow::setUpStatusBar()
{
    m_statusMalformed->setTextFormat(Qt::RichText);
    connect(m_statusMalformed, &QLabel::linkActivated, this, &MainWindow::openDoctor);
    m_followButton->setCheckable(true);
    m_followButton->setAutoRaise(true);
    m_followButton->setObjectName(QStringLiteral("follow"));
    m_followButton->setAccessibleName(tr("Follow new events"));
    m_newEvents->setFlat(true);
    m_newEvents->hide();
    m_newEvents->setObjectName(QStringLiteral("newEvents"));
    m_newEvents->setAccessibleName(tr("Show the new events and follow"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(true);
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->hide();
    m_cancel->setAccessibleName(tr("Cancel loading"));
    m_cancel->hide();
    m_statusEvents->setObjectName(QStringLiteral("statusEvents"));
    m_statusWindow->setObjectName(QStringLiteral("statusWindow"));
    m_statusMalformed->setObjectName(QStringLiteral("statusFindings"));
    // Status texts may be cut in a narrow window rather than widen it; their tooltips hold them whole.
    for (QLabel *label : {m_statusEvents, m_statusWindow, m_statusMalformed})
        label->setMinimumWidth(1);
    statusBar()->addWidget(m_statusEvents);
    statusBar()->addWidget(m_statusWindow);
    statusBar()->addWidget(m_statusMalformed);
    m_statusLive->setObjectName(QStringLiteral("statusLive"));
    m_statusLive->hide();
    statusBar()->addWidget(m_statusLive);
    statusBar()->addPermanentWidget(m_newEvents);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_followButton);
}

// The Retention and Session docks, hidden until asked for (their toggles are in the View menu).
void MainWindow::setUpDocks()
{
    m_retention = new RetentionPanel(m_model, this);
    auto *dock = new QDockWidget(tr("Retention"), this);
    m_retentionDock = dock;
    dock->setObjectName(QStringLiteral("retentionDock"));
    // In a scroll area, so the dock can be narrow in a small window without squeezing what it shows.
    auto *retentionScroll = new QScrollArea(dock);
    retentionScroll->setWidget(m_retention);
    retentionScroll->setWidgetResizable(true);
    retentionScroll->setFrameShape(QFrame::NoFrame);
    retentionScroll->setMinimumWidth(160);
    dock->setWidget(retentionScroll);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    dock->hide();
    dock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(dock, &QDockWidget::visibilityChanged, m_retention, [this](bool visible) {
        if (visible)
            m_retention->refresh();
    });

    // The selected event's session as of its seq; its links and story rows select other events.
    auto *sessionPanel = new SessionPanel(m_model, this);
    auto *sessionDock = new QDockWidget(tr("Session"), this);
    m_sessionDock = sessionDock;
    sessionDock->setObjectName(QStringLiteral("sessionDock"));
    sessionDock->setWidget(sessionPanel);
    addDockWidget(Qt::RightDockWidgetArea, sessionDock);
    sessionDock->hide(); // on demand (Ctrl+Shift+S): shown by default it would squeeze the table's summary
    sessionDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, sessionPanel,
            &SessionPanel::showIndex);
    connect(sessionPanel, &SessionPanel::seqRequested, this, &MainWindow::goToSeq);
}

// The selection, following and the model's changes.
void MainWindow::connectTable()
{
    connect(m_table, &EventTableView::selectedEventChanged, this, &MainWindow::selectionChanged);
    connect(m_table, &EventTableView::selectedEventGone, this,
            [this](const EventTableModel::EventKey &key, EventTableView::GoneReason reason) {
                m_prunedSelection.reset();
                switch (reason) {
                case EventTableView::GoneReason::HiddenByFilter:
                    selectedEventGone(tr("Seq %1 is hidden by the current filter; change or clear the filter "
                                         "to see it again.")
                                          .arg(key.seq));
                    break;
                case EventTableView::GoneReason::Pruned:
                    m_prunedSelection = key;
                    showPrunedSelection();
                    break;
                case EventTableView::GoneReason::Removed:
                    selectedEventGone(tr("Seq %1 is no longer in %2: the file was truncated, replaced or "
                                         "deleted.")
                                          .arg(key.seq)
                                          .arg(key.fileName));
                    break;
                }
            });
    connect(m_table, &EventTableView::viewedEventsPruned, this, [this] {
        m_viewMovedByPrune = true;
        m_viewMovedTo = m_table->topEvent().seq;
        if (m_pruneNoticeShown)
            showPruned({}, m_prunedOldest, m_prunedHasOldest);
        else
            showNotice(tr("The events you were viewing were pruned: the view moved to the oldest retained "
                          "event."));
    });
    connect(m_table, &EventTableView::followingChanged, this, &MainWindow::followingChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::rowsArrived);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateUnseen, Qt::QueuedConnection);
    connect(m_model, &EventTableModel::journalChanged, this, [this] {
        updateStatus();
        updateColumnWidths();
        // Each count is a pass over the whole index on a worker: while a first load fills it, less often, so
        // the load keeps both cores.
        if (!m_sidebarTimer.isActive())
            m_sidebarTimer.start(m_loader->isLoading() ? 5000 : 1000);
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, &MainWindow::updateViewport);
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, &MainWindow::updateViewport);
}

// The filter bar, saved queries, the timeline, the sessions list and the detail pane's requests.
void MainWindow::connectFilters()
{
    m_filterBar->setCompletionModel(m_queryCompletions);
    m_filterBar->setSavedQueries(m_savedQueries);
    // The timeline draws the saved queries asked for, in their colours.
    const auto overlays = [this] {
        QList<TimelineWidget::Overlay> list;
        for (const SavedQueryModel::Saved &s : m_savedQueries->queries())
            if (s.timeline)
                list.append({s.name, s.query, QColor(s.colour)});
        m_timeline->setOverlays(list);
    };
    connect(m_savedQueries, &QAbstractItemModel::dataChanged, this, overlays);
    connect(m_savedQueries, &QAbstractItemModel::rowsInserted, this, overlays);
    connect(m_savedQueries, &QAbstractItemModel::rowsRemoved, this, overlays);
    connect(m_savedQueries, &QAbstractItemModel::modelReset, this, overlays);
    overlays();
    connect(m_timeline, &TimelineWidget::timeClicked, this, &MainWindow::jumpToTime);
    connect(m_timeline, &TimelineWidget::rangeSelected, m_filterBar, &FilterBar::setTimeRange);
    connect(m_filterBar, &FilterBar::filterChanged, this, [this](const EventFilter &filter) {
        m_filtering = !filter.isEmpty();
        m_filterBusy = m_filtering && !m_loader->eventsDir().isEmpty();
        // The new rows come as one reset: keep the selected event in view, else show their start.
        m_table->placeOnNextReset();
        if (m_filterBusy)
            showFilterProgress();
        m_loader->setFilter(filter);
        updateStatus();
    });
    connect(m_sessions, &SessionsPanel::sessionActivated, m_filterBar, &FilterBar::setSession);
    connect(m_sessions, &SessionsPanel::refreshed, this, [this] {
        m_filterBar->setSessions(m_sessions->sessionNames(), m_sessions->sessions()->longestName());
        m_filterBar->setTypes(m_sessions->sessions()->typeNames());
    });
    connect(m_sessions, &SessionsPanel::sessionCleared, m_filterBar, &FilterBar::clearSession);
    connect(m_filterBar, &FilterBar::filterChanged, m_sessions, [this](const EventFilter &filter) {
        m_sessions->setCurrentSession(
            filter.sessions.size() == 1 ? std::optional<QString>(filter.sessions.first()) : std::nullopt);
    });
    connect(m_detail, &DetailPane::showSessionRequested, m_filterBar, &FilterBar::setSession);
    connect(m_detail, &DetailPane::addColumnRequested, m_columns,
            [this](const QString &path) { m_columns->addPathColumn(path); });
    connect(m_detail, &DetailPane::queryTermRequested, m_filterBar, &FilterBar::addQueryTerm);
    connect(m_newEvents, &QPushButton::clicked, this, [this] { setFollowing(true); });
    connect(m_cancel, &QPushButton::clicked, m_loader, &JournalLoader::cancel);
    connect(m_notice, &NoticeBar::dismissed, this, [this] {
        m_pruneNoticeShown = false;
        m_prunedFiles.clear();
    });
}

// Loading, filtering, pruning and reloads: progress and notices.
void MainWindow::connectLoader()
{
    connect(m_loader, &JournalLoader::loadStarted, m_retention, &RetentionPanel::setDirectory);
    connect(m_loader, &JournalLoader::loadStarted, this, [this](const QString &dir) {
        setWindowTitle(tr("%1 — Bamboo Journal Browser")
                           .arg(m_live->isActive() ? m_live->url() : QDir::toNativeSeparators(dir)));
        if (dir != m_openedDir) { // another journal: nothing of the last one applies
            m_openedDir = dir;
            if (!m_live->isActive())
                addRecent(dir);
            m_table->forgetAnchors();
            m_notice->dismiss();
            m_pruneNoticeShown = false;
            m_prunedFiles.clear();
            m_detail->clear();
        }
        // Rows come back file by file: the events in view and the selection wait for theirs.
        m_table->setHoldAnchors(true);
        m_filterBusy = !m_loader->filter().isEmpty();
        m_progress->setRange(0, 0);
        m_progress->show();
        m_cancel->show();
    });
    connect(m_loader, &JournalLoader::loadProgressed, this, [this](qint64 done, qint64 total) {
        if (total <= 0)
            return;
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(done * 1000 / total));
        m_progress->setFormat(tr("indexing %p%"));
    });
    connect(m_loader, &JournalLoader::loadFinished, this, [this] {
        m_progress->hide();
        m_cancel->hide();
        m_table->setHoldAnchors(false);
        if (m_filterBusy)
            showFilterProgress();
        updateStatus();
        const JournalIndex &index = m_model->journal();
        if (index.files().isEmpty()) {
            QString text = tr("No journal files in %1 yet: the server writes events-<seq>.jsonl files here "
                              "as it records events, and they will show as they appear.")
                               .arg(QDir::toNativeSeparators(m_loader->eventsDir()));
            if (!index.ignoredNames().isEmpty())
                text += QLatin1Char(' ') + countText(index.ignoredNames().size(),
                                                     tr("1 name here is not a journal file name."),
                                                     tr("%1 names here are not journal file names."));
            m_notice->showMessage(text, NoticeBar::Kind::Info, index.ignoredNames().join(QLatin1Char('\n')));
            m_pruneNoticeShown = false;
        }
        // Counting sessions and the timeline is a pass over the index: not in the same turn as the load.
        QTimer::singleShot(0, this, [this] {
            refreshSidebar();
            Q_EMIT loaded();
        });
    });
    connect(m_loader, &JournalLoader::waitingForJournal, this, [this](const QString &path) {
        m_notice->showMessage(
            tr("Waiting for a journal in %1: neither an events/ directory nor events-<seq>.jsonl "
               "files are there yet. It opens as soon as either appears.")
                .arg(QDir::toNativeSeparators(path)),
            NoticeBar::Kind::Info);
    });
    connect(m_loader, &JournalLoader::loadFailed, this, [this](const QString &error) {
        m_progress->hide();
        m_cancel->hide();
        m_table->setHoldAnchors(false);
        m_filterBusy = false;
        showNotice(error, true);
    });
    connect(m_loader, &JournalLoader::filterProgressed, this, [this](qint64 done, qint64 total) {
        if (m_loader->isLoading() || !m_filterBusy || total <= 0)
            return;
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(std::min(done, total) * 1000 / total));
        m_progress->setFormat(tr("filtering %p%"));
        m_progress->show();
    });
    connect(m_loader, &JournalLoader::filterFinished, this, [this] {
        m_filterBusy = false;
        if (!m_loader->isLoading())
            m_progress->hide();
        updateStatus();
        // The timeline's pass over the index waits for the next turn, so the reset paints first.
        QTimer::singleShot(0, this, [this] {
            m_timeline->recount();
            updateViewport();
        });
    });
    connect(m_loader, &JournalLoader::filesPruned, this, &MainWindow::showPruned);
    connect(m_loader, &JournalLoader::filesUnreadable, this, [this](const QStringList &files) {
        showNotice(
            tr("No longer a regular file (a FIFO, device or directory now has its name), its events are not "
               "shown: %1")
                .arg(files.join(QStringLiteral(", "))),
            true);
    });
    connect(m_loader, &JournalLoader::filesReloaded, this, [this](const QStringList &files) {
        showNotice(tr("Truncated or replaced, read again: %1").arg(files.join(QStringLiteral(", "))));
    });
    connect(m_loader, &JournalLoader::directoryMissing, this, [this](bool missing) {
        if (missing)
            showNotice(tr("The events directory is gone; waiting for it to come back."), true);
        else
            showNotice(tr("The events directory is back."));
    });
}

// A server's live view: the spool directory it records into is browsed like any journal.
void MainWindow::connectLiveFeed()
{
    // A server's live view: the spool directory it records into is browsed like any journal.
    connect(m_live, &LiveFeed::opened, this, [this](const QString &dir) {
        QString error;
        if (!m_loader->open(dir, &error))
            showNotice(error, true);
    });
    connect(m_live, &LiveFeed::statusChanged, this, [this](const QString &text, bool problem) {
        m_statusLive->setText(text);
        m_statusLive->setStyleSheet(problem ? QStringLiteral("color:#b00020") : QString());
        m_statusLive->setVisible(!text.isEmpty());
    });
    connect(m_live, &LiveFeed::noticed, this, &MainWindow::showNotice);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Directory…"), this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    QAction *openServer = file->addAction(tr("Open &Server…"), this, [this] {
        bool ok = false;
        const QString url =
            QInputDialog::getText(
                this, tr("Open Server"),
                tr("A running server's address, e.g. http://127.0.0.1:8080 (remote servers need "
                   "BAMBOO_DEVICE_TOKEN and BAMBOO_DEVICE_ID):"),
                QLineEdit::Normal, m_live->url(), &ok)
                .trimmed();
        if (ok && !url.isEmpty())
            openUrl(url);
    });
    openServer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    // Directories may have gone since they were opened: list only those that are still there.
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    QAction *reload = file->addAction(tr("&Reload"), m_loader, &JournalLoader::reload);
    reload->setShortcut(QKeySequence::Refresh);
    QAction *exportAction = file->addAction(tr("&Export…"), this, &MainWindow::openExport);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *close = file->addAction(tr("&Close"), this, &MainWindow::closeJournal);
    close->setShortcuts(QKeySequence::Close); // Ctrl+W as well as Ctrl+F4
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_followAction = view->addAction(tr("&Follow New Events"));
    m_followAction->setCheckable(true);
    m_followAction->setShortcut(QKeySequence(Qt::Key_F));
    m_followAction->setShortcutContext(Qt::WindowShortcut);
    // Triggering it always means "follow" (F, the button); unchecking the button pauses.
    connect(m_followAction, &QAction::triggered, this, &MainWindow::setFollowing);
    m_followButton->setDefaultAction(m_followAction);
    QAction *gotoSeq = view->addAction(tr("&Go to Seq…"), this, &MainWindow::promptGoToSeq);
    gotoSeq->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    QAction *doctor = view->addAction(tr("&Doctor…"), this, &MainWindow::openDoctor);
    doctor->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    QAction *filterText = view->addAction(tr("Filter by &Text"), m_filterBar, &FilterBar::focusText);
    filterText->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    QAction *queryAction = view->addAction(tr("Filter by &Query"), m_filterBar, &FilterBar::focusQuery);
    queryAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(tr("Clear &Filters"), m_filterBar, &FilterBar::clear);
    m_fontZoom->addActions(view);
    m_utcAction = view->addAction(tr("Times in &UTC"));
    m_utcAction->setCheckable(true);
    connect(m_utcAction, &QAction::toggled, this, [this](bool utc) {
        m_model->setUtc(utc);
        refreshSidebar();
    });

    view->addAction(m_retentionDock->toggleViewAction());
    view->addAction(m_sessionDock->toggleViewAction());
    m_navigator->addActions(view, menuBar()->addMenu(tr("&Bookmarks")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About"), this, [this] {
        QMessageBox::about(
            this, tr("About Bamboo Journal Browser"),
            tr("<b>Bamboo Journal Browser</b> %1<p>Browses the bamboo server's change-feed journal with "
               "the server's own reading rules.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

bool MainWindow::openDirectory(const QString &path)
{
    m_live->close();
    QString error;
    if (!m_loader->open(path, &error)) {
        showNotice(error, true);
        return false;
    }
    return true; // listed among the recent ones when its load starts
}

bool MainWindow::openUrl(const QString &url)
{
    QString error;
    if (!m_live->open(url, &error)) {
        showNotice(error, true);
        return false;
    }
    addRecent(m_live->url());
    return true;
}

void MainWindow::showRetention(bool show)
{
    m_retentionDock->setVisible(show);
}

void MainWindow::openDoctor()
{
    if (m_loader->eventsDir().isEmpty())
        return;
    auto *dialog = new DoctorDialog(m_loader->eventsDir(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &DoctorDialog::seqRequested, this, [this](quint64 seq) {
        if (!goToSeq(seq))
            showNotice(tr("Seq %1 is not among the rows shown.").arg(seq));
    });
    dialog->show();
}

void MainWindow::openExport()
{
    if (m_loader->eventsDir().isEmpty())
        return;
    auto *dialog = new ExportDialog(m_model, m_loader->eventsDir(), m_loader->filter(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // A selected row narrows the prefilled range to that event when no filter sets one.
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid() && !m_loader->filter().seqFrom && !m_loader->filter().seqTo) {
        const quint64 seq = current.data(EventTableModel::SeqRole).toULongLong();
        dialog->setRange(seq, m_model->journal().maxSeq().value_or(seq));
    }
    dialog->setTableMatches(!m_filterBusy && !m_loader->isLoading());
    dialog->show();
}

void MainWindow::openExportFrom(quint64 seq)
{
    if (m_loader->eventsDir().isEmpty())
        return;
    auto *dialog = new ExportDialog(m_model, m_loader->eventsDir(), m_loader->filter(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setRange(
        seq, std::max(seq, m_loader->filter().seqTo.value_or(m_model->journal().maxSeq().value_or(seq))));
    dialog->setTableMatches(!m_filterBusy && !m_loader->isLoading());
    dialog->show();
}

void MainWindow::showSessionPanel()
{
    m_sessionDock->show();
    m_sessionDock->raise();
}

void MainWindow::openDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a bamboo directory or its events directory"), m_loader->eventsDir());
    if (!dir.isEmpty())
        openDirectory(dir);
}

void MainWindow::promptGoToSeq()
{
    bool ok = false;
    const QString text =
        QInputDialog::getText(this, tr("Go to Seq"), tr("Seq:"), QLineEdit::Normal, {}, &ok).trimmed();
    if (!ok || text.isEmpty())
        return;
    const QByteArray bytes = text.toUtf8();
    const auto seq = JournalFileName::parseU64(std::string_view(bytes.constData(), size_t(bytes.size())));
    if (!seq || !goToSeq(*seq))
        showNotice(tr("Seq %1 is not among the rows shown.").arg(text));
}

bool MainWindow::goToSeq(quint64 seq)
{
    const int row = m_model->rowForSeq(seq);
    if (row < 0)
        return false;
    m_table->goToRow(row, QAbstractItemView::PositionAtCenter);
    return true;
}

bool MainWindow::isFollowing() const
{
    return m_table->isFollowing();
}

void MainWindow::setFollowing(bool follow)
{
    m_table->setFollowing(follow);
    followingChanged(follow);
}

void MainWindow::followingChanged(bool follow)
{
    m_followAction->setChecked(follow);
    m_followAction->setText(follow ? tr("Following") : tr("Follow (F)"));
    if (follow) {
        m_unseen = 0;
        m_newEvents->hide();
    }
}

void MainWindow::rowsArrived(const QModelIndex &, int first, int last)
{
    updateStatus();
    if (m_loader->isLoading() || m_table->isFollowing())
        return;
    if (last == m_model->rowCount() - 1) // rows that came in at the end, not rows read again in the middle
        m_unseen += last - first + 1;
    updateUnseen();
}

void MainWindow::updateUnseen()
{
    if (m_table->isFollowing() || m_unseen == 0)
        return;
    // Never more than the rows below the view: prunes and rescans take rows away too.
    const int bottom = m_table->rowAt(m_table->viewport()->height() - 1);
    const qint64 below = bottom < 0 ? 0 : qint64(m_model->rowCount()) - 1 - bottom;
    m_unseen = std::min(m_unseen, below);
    m_newEvents->setText(
        countText(m_unseen, tr("1 new event below: follow (F)"), tr("%1 new events below: follow (F)")));
    m_newEvents->setVisible(m_unseen > 0);
}

void MainWindow::selectedEventGone(const QString &reason)
{
    m_detail->showGone(reason);
}

void MainWindow::showPrunedSelection()
{
    // Said again at each prune while it is shown, so that "now" stays true.
    const auto oldest = m_model->journal().oldestSeq();
    const EventTableModel::EventKey &key = *m_prunedSelection;
    selectedEventGone(
        oldest ? tr("Seq %1 was pruned: its file %2 was deleted. The oldest retained seq is now %3.")
                     .arg(key.seq)
                     .arg(key.fileName)
                     .arg(*oldest)
               : tr("Seq %1 was pruned: its file %2 was deleted, and no journal file is left.")
                     .arg(key.seq)
                     .arg(key.fileName));
}

void MainWindow::showPruned(const QStringList &files, quint64 oldest, bool hasOldest)
{
    if (m_prunedSelection)
        showPrunedSelection();
    if (!m_pruneNoticeShown) {
        m_prunedFiles.clear();
        m_viewMovedByPrune = false;
    }
    for (const QString &name : files) {
        if (!m_prunedFiles.contains(name))
            m_prunedFiles.append(name);
    }
    m_prunedOldest = oldest;
    m_prunedHasOldest = hasOldest;
    const QString count = countText(m_prunedFiles.size(), tr("1 file"), tr("%1 files"));
    // The server resets a cursor c > 0 when oldest > c + 1: none while the oldest seq is 1 or 2.
    QString text = !hasOldest ? tr("%1 pruned: no journal file is left.").arg(count)
                   : oldest > 2
                       ? tr("%1 pruned. The oldest retained seq is now %2: a client whose cursor is below "
                            "%3 gets a feed_reset and must resync.")
                             .arg(count)
                             .arg(oldest)
                             .arg(oldest - 1)
                       : tr("%1 pruned. The oldest retained seq is now %2: every client cursor can still "
                            "resume.")
                             .arg(count)
                             .arg(oldest);
    if (m_viewMovedByPrune &&
        hasOldest) // first: what happened to the user's view matters more than the cursor rule
        text =
            tr("%1 pruned. The events you were viewing went with them: the view moved to seq %2, the oldest "
               "event left then.")
                .arg(count)
                .arg(m_viewMovedTo) +
            QLatin1Char(' ') + text.mid(text.indexOf(QLatin1String("The oldest")));
    m_notice->showMessage(text, NoticeBar::Kind::Info, m_prunedFiles.join(QLatin1Char('\n')));
    m_pruneNoticeShown = true;
}

void MainWindow::closeJournal()
{
    m_live->close();
    m_loader->close();
    m_openedDir.clear();
    m_table->forgetAnchors();
    m_detail->clear();
    m_notice->dismiss();
    m_pruneNoticeShown = false;
    m_prunedFiles.clear();
    m_prunedSelection.reset();
    m_filterBusy = false;
    m_progress->hide();
    m_cancel->hide();
    m_unseen = 0;
    m_newEvents->hide();
    m_retention->setDirectory(QString());
    setWindowTitle(tr("Bamboo Journal Browser"));
    updateStatus();
    refreshSidebar();
}

void MainWindow::showFilterProgress()
{
    if (m_loader->isLoading())
        return;
    m_progress->setRange(0, 0);
    m_progress->setFormat(tr("filtering…"));
    m_progress->show();
}

void MainWindow::updateColumnWidths()
{
    // Sized to what the columns hold: every digit of the greatest seq, a full time, a whole file name.
    const QFontMetrics fm = m_table->fontMetrics();
    const int pad = 2 * m_table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_table) + 14;
    const quint64 maxSeq = m_model->journal().maxSeq().value_or(0);
    const int digits = std::max(6, int(QString::number(maxSeq).size()));
    const int seqWidth = fm.horizontalAdvance(QString(digits, QLatin1Char('8'))) + pad;
    if (m_table->columnWidth(EventTableModel::SeqColumn) < seqWidth)
        m_table->setColumnWidth(EventTableModel::SeqColumn, seqWidth);
    if (m_table->columnWidth(EventTableModel::TimeColumn) ==
        m_table->horizontalHeader()->defaultSectionSize())
        m_table->setColumnWidth(EventTableModel::TimeColumn,
                                fm.horizontalAdvance(QStringLiteral("2026-11-20 09:00:01.572Z")) + pad);
    if (m_table->columnWidth(EventTableModel::SessionColumn) ==
        m_table->horizontalHeader()->defaultSectionSize())
        m_table->setColumnWidth(EventTableModel::SessionColumn,
                                fm.horizontalAdvance(QStringLiteral("sess-0a1b2c3d")) + pad);
    if (m_table->columnWidth(EventTableModel::TypeColumn) ==
        m_table->horizontalHeader()->defaultSectionSize())
        m_table->setColumnWidth(EventTableModel::TypeColumn,
                                fm.horizontalAdvance(QStringLiteral("session_pinned_updated")) + pad);
    // The file column shows the digits that tell files apart ("…1039394.jsonl", elided on the left), not the
    // whole name: the width goes to the summary. The detail pane names the whole file.
    const int fileWidth =
        fm.horizontalAdvance(QStringLiteral("…%1.jsonl").arg(QString(digits, QLatin1Char('8')))) + pad;
    if (m_table->columnWidth(EventTableModel::FileColumn) < fileWidth)
        m_table->setColumnWidth(EventTableModel::FileColumn, fileWidth);
}

void MainWindow::selectionChanged()
{
    m_prunedSelection.reset();
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const qint64 indexRow = current.data(EventTableModel::IndexRowRole).toLongLong();
    const EventRecord &r = m_model->journal().record(indexRow);
    const FileIndex &fi = m_model->journal().files()[m_model->journal().fileOfRow(indexRow)];
    m_detail->showLine(fi.entry.name, fi.entry.path, r.offset(), r.length, r.lineFlags(),
                       m_model->journal().sessions().text(r.session));
}

void MainWindow::updateViewport()
{
    const int first = m_table->rowAt(0);
    int last = m_table->rowAt(m_table->viewport()->height() - 1);
    if (last < 0)
        last = m_model->rowCount() - 1;
    if (first < 0 || last < first) {
        m_timeline->setViewport(std::nullopt, std::nullopt);
        return;
    }
    const QVariant a = m_model->index(first, 0).data(EventTableModel::TimeRole);
    const QVariant b = m_model->index(last, 0).data(EventTableModel::TimeRole);
    m_timeline->setViewport(a.isValid() ? std::optional<qint64>(a.toLongLong()) : std::nullopt,
                            b.isValid() ? std::optional<qint64>(b.toLongLong()) : std::nullopt);
}

void MainWindow::jumpToTime(qint64 nanos)
{
    // Rows are in journal order, which is time order in a healthy journal: the first row at or after nanos.
    int lo = 0, hi = m_model->rowCount();
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        const QVariant t = m_model->index(mid, 0).data(EventTableModel::TimeRole);
        if (t.isValid() && t.toLongLong() < nanos)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo >= m_model->rowCount())
        return;
    m_table->goToRow(lo, QAbstractItemView::PositionAtCenter);
}

// The timeline and the sessions list count on workers; the filter bar's lists follow when the count lands.
void MainWindow::refreshSidebar()
{
    m_timeline->recount();
    updateViewport();
    m_sessions->refresh(m_model->journal(), m_model->utc());
}

void MainWindow::updateStatus()
{
    if (m_retention && m_retention->isVisible())
        m_retention->refresh();
    const JournalIndex &index = m_model->journal();
    const qint64 total = index.eventCount();
    m_statusEvents->setText(tr("%1 in %2")
                                .arg(countText(total, tr("1 event"), tr("%1 events")))
                                .arg(countText(index.files().size(), tr("1 file"), tr("%1 files"))));
    const auto oldest = index.oldestSeq();
    const auto newest = index.maxSeq();
    m_statusWindow->setText(oldest ? tr("oldest seq %1 · newest seq %2")
                                         .arg(*oldest)
                                         .arg(newest ? QString::number(*newest) : QStringLiteral("–"))
                                   : tr("no journal files"));
    const qint64 malformed = index.malformedCount();
    const qint64 anomalies = index.anomalyCount();
    QStringList findings;
    if (malformed)
        findings << tr("%1 malformed lines").arg(number(malformed));
    if (anomalies)
        findings << tr("%1 anomalous events").arg(number(anomalies));
    m_statusMalformed->setText(findings.isEmpty() ? QString()
                                                  : tr("<a href=\"doctor\" style=\"color:%1\">⚠ %2</a>")
                                                        .arg(PaletteColours::errorText(palette()).name(),
                                                             findings.join(QStringLiteral(", "))));
    m_statusMalformed->setToolTip(tr("Open the doctor (Ctrl+D)"));
    // Context rows around the matches are shown, not counted.
    m_filterBar->setMatchCount(m_model->rowCount() - m_model->contextRowCount(), total, m_filterBusy);
    for (QLabel *label : {m_statusEvents, m_statusWindow})
        label->setToolTip(label->text());
}

void MainWindow::showNotice(const QString &text, bool error)
{
    m_pruneNoticeShown = false;
    m_notice->showMessage(text, error ? NoticeBar::Kind::Error : NoticeBar::Kind::Info);
}

QString MainWindow::noticeText() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

void MainWindow::addRecent(const QString &dir)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentDirectories")).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > MaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentDirectories"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    QStringList recent = QSettings().value(QStringLiteral("recentDirectories")).toStringList();
    const qsizetype before = recent.size();
    recent.removeIf(
        [](const QString &dir) { return !FeedEndpoint::looksLikeUrl(dir) && !QFileInfo(dir).isDir(); });
    if (recent.size() != before)
        QSettings().setValue(QStringLiteral("recentDirectories"), recent);
    for (const QString &dir : recent)
        m_recentMenu->addAction(
            FeedEndpoint::looksLikeUrl(dir) ? dir : QDir::toNativeSeparators(dir), this,
            [this, dir] { FeedEndpoint::looksLikeUrl(dir) ? openUrl(dir) : openDirectory(dir); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        // The first start: the panes' preferred widths, within the screen (never wider than it).
        const QRect screen = this->screen()->availableGeometry();
        const QSize preferred = sizeHint().expandedTo(QSize(1500, 850));
        resize(std::min(preferred.width(), screen.width() * 19 / 20),
               std::min(preferred.height(), screen.height() * 9 / 10));
    }
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_columns->restore(settings);
    m_fontZoom->restore(settings);
    restoreState(settings.value(QStringLiteral("window/docks")).toByteArray());
    m_utcAction->setChecked(settings.value(QStringLiteral("view/utc"), false).toBool());
    updateRecentMenu();
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    m_columns->save(settings);
    m_fontZoom->save(settings);
    settings.setValue(QStringLiteral("window/docks"), saveState());
    settings.setValue(QStringLiteral("view/utc"), m_utcAction->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    m_loader->cancel();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() && QFileInfo(urls.first().toLocalFile()).isDir())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    openDirectory(event->mimeData()->urls().first().toLocalFile());
}
