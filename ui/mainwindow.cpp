// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "detailpane.h"
#include "doctordialog.h"
#include "eventrowdelegate.h"
#include "eventtablemodel.h"
#include "exportdialog.h"
#include "filterbar.h"
#include "journalfilename.h"
#include "journalloader.h"
#include "retentionpanel.h"
#include "sessionpanel.h"
#include "sessionspanel.h"
#include "timelinewidget.h"
#include "timestamp.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
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
    , m_table(new QTableView(this))
    , m_filterBar(new FilterBar(this))
    , m_sessions(new SessionsPanel(this))
    , m_timeline(new TimelineWidget(m_model, this))
    , m_detail(new DetailPane(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_notice(new QLabel(this))
    , m_statusEvents(new QLabel(this))
    , m_statusWindow(new QLabel(this))
    , m_statusMalformed(new QLabel(this))
    , m_followButton(new QToolButton(this))
    , m_newEvents(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Bamboo Journal Browser"));
    setAcceptDrops(true);

    m_table->setObjectName(QStringLiteral("events"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new EventRowDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(EventTableModel::SummaryColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(EventTableModel::SeqColumn, 80);
    m_table->setColumnWidth(EventTableModel::TimeColumn, 175);
    m_table->setColumnWidth(EventTableModel::SessionColumn, 110);
    m_table->setColumnWidth(EventTableModel::TypeColumn, 170);
    m_table->setColumnWidth(EventTableModel::FileColumn, 120);
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideRight);

    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();

    auto *center = new QWidget(this);
    auto *centerLayout = new QVBoxLayout(center);
    centerLayout->setContentsMargins(0, 0, 0, 0);
    centerLayout->setSpacing(0);
    centerLayout->addWidget(m_notice);
    centerLayout->addWidget(m_filterBar);
    centerLayout->addWidget(m_table, 1);
    centerLayout->addWidget(m_timeline);

    m_splitter->addWidget(m_sessions);
    m_splitter->addWidget(center);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 1);
    m_splitter->setSizes({270, 880, 400});
    setCentralWidget(m_splitter);

    m_statusMalformed->setTextFormat(Qt::RichText);
    connect(m_statusMalformed, &QLabel::linkActivated, this, &MainWindow::openDoctor);
    m_followButton->setCheckable(true);
    m_followButton->setAutoRaise(true);
    m_newEvents->setFlat(true);
    m_newEvents->hide();
    m_newEvents->setObjectName(QStringLiteral("newEvents"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel->hide();
    statusBar()->addWidget(m_statusEvents);
    statusBar()->addWidget(m_statusWindow);
    statusBar()->addWidget(m_statusMalformed);
    statusBar()->addPermanentWidget(m_newEvents);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_followButton);

    m_retention = new RetentionPanel(m_model, this);
    auto *dock = new QDockWidget(tr("Retention"), this);
    dock->setObjectName(QStringLiteral("retentionDock"));
    dock->setWidget(m_retention);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    dock->hide();
    connect(dock, &QDockWidget::visibilityChanged, m_retention, [this](bool visible) {
        if (visible)
            m_retention->refresh();
    });

    createActions();
    QAction *retention = dock->toggleViewAction();
    retention->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    menuBar()->actions().value(1)->menu()->addAction(retention);
    // The selected event's session as of its seq; its links and story rows select other events.
    auto *sessionPanel = new SessionPanel(m_model, this);
    auto *sessionDock = new QDockWidget(tr("Session"), this);
    sessionDock->setObjectName(QStringLiteral("sessionDock"));
    sessionDock->setWidget(sessionPanel);
    addDockWidget(Qt::RightDockWidgetArea, sessionDock);
    sessionDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    menuBar()->actions().value(1)->menu()->addAction(sessionDock->toggleViewAction());
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, sessionPanel,
            &SessionPanel::showIndex);
    connect(sessionPanel, &SessionPanel::seqRequested, this, &MainWindow::goToSeq);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::selectionChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::rowsArrived);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateStatus);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateStatus);
    connect(m_model, &EventTableModel::journalChanged, this, [this] {
        updateStatus();
        if (!m_sidebarTimer.isActive())
            m_sidebarTimer.start();
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, &MainWindow::scrolled);
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, &MainWindow::updateViewport);
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, &MainWindow::updateViewport);
    connect(m_timeline, &TimelineWidget::timeClicked, this, &MainWindow::jumpToTime);
    connect(m_timeline, &TimelineWidget::rangeSelected, m_filterBar, &FilterBar::setTimeRange);
    connect(m_filterBar, &FilterBar::filterChanged, this, [this](const EventFilter &filter) {
        m_filtering = !filter.isEmpty();
        m_loader->setFilter(filter);
        updateStatus();
    });
    connect(m_sessions, &SessionsPanel::sessionActivated, m_filterBar, &FilterBar::setSession);
    connect(m_detail, &DetailPane::showSessionRequested, m_filterBar, &FilterBar::setSession);
    connect(m_newEvents, &QPushButton::clicked, this, [this] { setFollowing(true); });
    connect(m_cancel, &QPushButton::clicked, m_loader, &JournalLoader::cancel);

    connect(m_loader, &JournalLoader::loadStarted, m_retention, &RetentionPanel::setDirectory);
    connect(m_loader, &JournalLoader::loadStarted, this, [this](const QString &dir) {
        setWindowTitle(tr("%1 — Bamboo Journal Browser").arg(QDir::toNativeSeparators(dir)));
        m_notice->hide();
        m_detail->clear();
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
        if (!m_table->selectionModel()->hasSelection())
            m_table->selectionModel()
                ->clearCurrentIndex(); // the view's automatic current row is not a choice
        updateStatus();
        if (m_following)
            m_table->scrollToBottom();
        // Counting sessions and the timeline is a pass over the index: not in the same turn as the load.
        QTimer::singleShot(0, this, [this] {
            refreshSidebar();
            Q_EMIT loaded();
        });
    });
    connect(m_loader, &JournalLoader::loadFailed, this, [this](const QString &error) {
        m_progress->hide();
        m_cancel->hide();
        showNotice(error, true);
    });
    connect(m_loader, &JournalLoader::filterFinished, this, [this] {
        updateStatus();
        // The timeline's pass over the index waits for the next turn, so the reset paints first.
        QTimer::singleShot(0, this, [this] {
            m_timeline->recount();
            updateViewport();
        });
    });
    connect(m_loader, &JournalLoader::filesPruned, this,
            [this](const QStringList &files, quint64 oldest, bool hasOldest) {
                showNotice(hasOldest ? tr("%n file(s) pruned (%1). The oldest retained seq is now %2: a "
                                          "client whose cursor is below %3 "
                                          "gets a feed_reset and must resync.",
                                          nullptr, int(files.size()))
                                           .arg(files.join(QStringLiteral(", ")))
                                           .arg(oldest)
                                           .arg(oldest > 0 ? oldest - 1 : 0)
                                     : tr("All journal files are gone."));
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

    m_sidebarTimer.setSingleShot(true);
    m_sidebarTimer.setInterval(1000);
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
                                      m_model,
                                      m_loader,
                                      m_filterBar,
                                      m_sessions,
                                      m_timeline,
                                      m_detail,
                                      m_retention,
                                      m_newEvents,
                                      m_cancel};
    for (QObject *sender : senders)
        sender->disconnect(this);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Directory…"), this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QAction *reload = file->addAction(tr("&Reload"), m_loader, &JournalLoader::reload);
    reload->setShortcut(QKeySequence::Refresh);
    QAction *close = file->addAction(tr("&Close"), this, [this] {
        m_loader->close();
        m_detail->clear();
        setWindowTitle(tr("Bamboo Journal Browser"));
    });
    close->setShortcut(QKeySequence::Close);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_followAction = view->addAction(tr("&Follow New Events"));
    m_followAction->setCheckable(true);
    m_followAction->setShortcut(QKeySequence(Qt::Key_F));
    m_followAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_followAction, &QAction::triggered, this, &MainWindow::setFollowing);
    m_followButton->setDefaultAction(m_followAction);
    QAction *gotoSeq = view->addAction(tr("&Go to Seq…"), this, &MainWindow::promptGoToSeq);
    gotoSeq->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    QAction *exportAction = file->addAction(tr("&Export…"), this, &MainWindow::openExport);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->insertAction(file->actions().value(file->actions().indexOf(reload) + 1), exportAction);
    QAction *doctor = view->addAction(tr("&Doctor…"), this, &MainWindow::openDoctor);
    doctor->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    QAction *find = view->addAction(tr("Filter by &Text"), m_filterBar, &FilterBar::focusText);
    find->setShortcuts({QKeySequence::Find, QKeySequence(Qt::Key_Slash)});
    view->addAction(tr("Clear &Filters"), m_filterBar, &FilterBar::clear);
    m_utcAction = view->addAction(tr("Times in &UTC"));
    m_utcAction->setCheckable(true);
    connect(m_utcAction, &QAction::toggled, this, [this](bool utc) {
        m_model->setUtc(utc);
        refreshSidebar();
    });

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
    QString error;
    if (!m_loader->open(path, &error)) {
        showNotice(error, true);
        return false;
    }
    addRecent(m_loader->eventsDir());
    return true;
}

void MainWindow::showRetention(bool show)
{
    if (auto *dock = findChild<QDockWidget *>(QStringLiteral("retentionDock")))
        dock->setVisible(show);
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
    dialog->show();
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
    setFollowing(false);
    const QModelIndex index = m_model->index(row, 0);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void MainWindow::setFollowing(bool follow)
{
    m_following = follow;
    m_followAction->setChecked(follow);
    m_followAction->setText(follow ? tr("Following") : tr("Follow (F)"));
    if (follow) {
        m_unseen = 0;
        m_newEvents->hide();
        m_autoScrolling = true;
        m_table->scrollToBottom();
        m_autoScrolling = false;
    }
}

void MainWindow::rowsArrived(const QModelIndex &, int first, int last)
{
    updateStatus();
    if (m_loader->isLoading())
        return;
    if (m_following) {
        m_autoScrolling = true;
        m_table->scrollToBottom();
        m_autoScrolling = false;
        return;
    }
    m_unseen += last - first + 1;
    m_newEvents->setText(
        tr("%n new event(s) below: follow (F)", nullptr, int(std::min<qint64>(m_unseen, INT_MAX))));
    m_newEvents->show();
}

void MainWindow::scrolled(int value)
{
    if (m_autoScrolling)
        return;
    QScrollBar *bar = m_table->verticalScrollBar();
    if (m_following && value < bar->maximum())
        setFollowing(false);
    else if (!m_following && value == bar->maximum() && m_unseen > 0)
        setFollowing(true);
}

void MainWindow::selectionChanged()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const qint64 indexRow = current.data(EventTableModel::IndexRowRole).toLongLong();
    const EventRecord &r = m_model->journal().record(indexRow);
    const FileIndex &fi = m_model->journal().files()[int(r.file)];
    m_detail->showEvent(fi.entry.name, fi.entry.path, r.offset, r.length, r.flags,
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
    setFollowing(false);
    const QModelIndex index = m_model->index(lo, 0);
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

void MainWindow::refreshSidebar()
{
    m_timeline->recount();
    updateViewport();
    m_sessions->refresh(m_model->journal(), m_model->utc());
    m_filterBar->setSessions(m_sessions->sessionNames());
    QStringList types;
    for (quint32 id = 1; id < m_model->journal().types().size(); ++id)
        types.append(m_model->journal().types().text(id));
    types.sort();
    m_filterBar->setTypes(types);
}

void MainWindow::updateStatus()
{
    if (m_retention && m_retention->isVisible())
        m_retention->refresh();
    const JournalIndex &index = m_model->journal();
    const qint64 total = index.eventCount();
    m_statusEvents->setText(tr("%1 events in %2 files").arg(number(total)).arg(index.files().size()));
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
                                                  : tr("<a href=\"doctor\" style=\"color:#b00020\">⚠ %1</a>")
                                                        .arg(findings.join(QStringLiteral(", "))));
    m_statusMalformed->setToolTip(tr("Open the doctor (Ctrl+D)"));
    m_filterBar->setMatchCount(m_model->rowCount(), total, false);
}

void MainWindow::showNotice(const QString &text, bool error)
{
    m_notice->setText(text);
    m_notice->setStyleSheet(
        error ? QStringLiteral("QLabel { background: #fde2e2; color: #7a0010; padding: 6px; }")
              : QStringLiteral("QLabel { background: #fff4d6; color: #5a4300; padding: 6px; }"));
    m_notice->show();
}

QString MainWindow::noticeText() const
{
    return m_notice->isVisible() ? m_notice->text() : QString();
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
    const QStringList recent = QSettings().value(QStringLiteral("recentDirectories")).toStringList();
    for (const QString &dir : recent)
        m_recentMenu->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openDirectory(dir); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("window/columns")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/docks")).toByteArray());
    m_utcAction->setChecked(settings.value(QStringLiteral("view/utc"), false).toBool());
    updateRecentMenu();
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/columns"), m_table->horizontalHeader()->saveState());
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
