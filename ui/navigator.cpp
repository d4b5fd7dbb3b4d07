// SPDX-License-Identifier: MIT
#include "navigator.h"

#include "bookmarkmodel.h"
#include "bookmarkspanel.h"
#include "contextcontrol.h"
#include "detailpane.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "findbar.h"
#include "findcontroller.h"
#include "journalloader.h"
#include "markedrowdelegate.h"
#include "timelinewidget.h"

#include <QAction>
#include <QDockWidget>
#include <QInputDialog>
#include <QLocale>
#include <QMainWindow>
#include <QMenu>
#include <QShortcut>

namespace {

QString number(qint64 n)
{
    return QLocale().toString(n);
}

} // namespace

Navigator::Navigator(QMainWindow *window, EventTableModel *model, EventTableView *table,
                     JournalLoader *loader, DetailPane *detail, TimelineWidget *timeline, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_model(model)
    , m_table(table)
    , m_loader(loader)
    , m_detail(detail)
    , m_timeline(timeline)
    , m_finder(new FindController(model, this))
    , m_bookmarks(new BookmarkModel(model, this))
    , m_findBar(new FindBar(window))
    , m_context(new ContextControl(window))
    , m_panel(new BookmarksPanel(m_bookmarks, window))
    , m_dock(new QDockWidget(tr("Bookmarks"), window))
    , m_delegate(new MarkedRowDelegate(table))
{
    m_findBar->hide();
    m_table->setItemDelegate(m_delegate);
    m_dock->setObjectName(QStringLiteral("bookmarksDock"));
    m_dock->setWidget(m_panel);
    m_panel->setMinimumWidth(380); // seq, state, time and some of the name without scrolling
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_dock->hide();
    m_timeline->setMatchProbe(
        [finder = m_finder](qint64 from, qint64 to) { return finder->hasMatchBetween(from, to); });

    connect(m_findBar, &FindBar::queryChanged, this, &Navigator::queryChanged);
    connect(m_findBar, &FindBar::nextRequested, this, [this] { findNext(true); });
    connect(m_findBar, &FindBar::previousRequested, this, [this] { findNext(false); });
    connect(m_findBar, &FindBar::closed, this, [this] {
        m_finder->setQuery(FindQuery());
        queryChanged();
        m_table->setFocus(Qt::OtherFocusReason);
    });
    connect(m_finder, &FindController::countChanged, this, &Navigator::updateFindStatus);
    connect(m_finder, &FindController::countChanged, m_timeline, qOverload<>(&QWidget::update));
    connect(m_finder, &FindController::stepped, this, &Navigator::stepped);
    connect(m_finder, &FindController::stepFailed, this, [this] {
        m_note = tr("no match");
        updateFindStatus();
    });
    connect(m_table, &EventTableView::selectedEventChanged, this, &Navigator::updateFindStatus);

    connect(m_context, &ContextControl::contextChanged, this, [this](const FilterContext::Options &options) {
        if (!m_loader->filter().isEmpty())
            m_table->placeOnNextReset(); // the rows come as one reset: the selected event stays in view
        m_loader->setContext(options);
    });

    // A bookmark list per journal: the one being opened, or none once it is closed.
    connect(m_loader, &JournalLoader::loadStarted, m_bookmarks, &BookmarkModel::setJournal);
    connect(m_model, &EventTableModel::indexReset, this, [this] {
        if (m_loader->eventsDir().isEmpty())
            m_bookmarks->setJournal(QString());
    });
    connect(m_panel, &BookmarksPanel::bookmarkActivated, this, &Navigator::goToBookmark);
}

Navigator::~Navigator() = default;

void Navigator::addActions(QMenu *view, QMenu *bookmarksMenu)
{
    QAction *find = view->addAction(tr("&Find…"), this, &Navigator::openFind);
    find->setObjectName(QStringLiteral("actionFind"));
    find->setShortcuts({QKeySequence::Find, QKeySequence(Qt::Key_Slash)});
    QAction *next = view->addAction(tr("Find &Next"), this, [this] { findNext(true); });
    next->setShortcut(QKeySequence(Qt::Key_F3));
    QAction *previous = view->addAction(tr("Find &Previous"), this, [this] { findNext(false); });
    previous->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3));
    // n and N step through matches while the table has the focus (elsewhere they are letters to type).
    auto *n = new QShortcut(
        QKeySequence(Qt::Key_N), m_table, this, [this] { findNext(true); }, Qt::WidgetShortcut);
    auto *shiftN = new QShortcut(
        QKeySequence(Qt::SHIFT | Qt::Key_N), m_table, this, [this] { findNext(false); }, Qt::WidgetShortcut);
    n->setObjectName(QStringLiteral("shortcutFindNext"));
    shiftN->setObjectName(QStringLiteral("shortcutFindPrevious"));

    QAction *toggle = bookmarksMenu->addAction(tr("&Toggle Bookmark"), this, &Navigator::toggleBookmark);
    toggle->setShortcut(QKeySequence(Qt::Key_M));
    QAction *name = bookmarksMenu->addAction(tr("&Name Bookmark…"), this, &Navigator::nameBookmark);
    name->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    QAction *nextMark = bookmarksMenu->addAction(tr("N&ext Bookmark"), this, [this] { nextBookmark(true); });
    nextMark->setShortcuts({QKeySequence(Qt::Key_Apostrophe), QKeySequence(Qt::CTRL | Qt::Key_BracketRight)});
    QAction *previousMark =
        bookmarksMenu->addAction(tr("P&revious Bookmark"), this, [this] { nextBookmark(false); });
    previousMark->setShortcuts(
        {QKeySequence(Qt::Key_QuoteDbl), QKeySequence(Qt::CTRL | Qt::Key_BracketLeft)});
    bookmarksMenu->addSeparator();
    QAction *panel = m_dock->toggleViewAction();
    panel->setText(tr("&Bookmarks Panel"));
    panel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    bookmarksMenu->addAction(panel);
    bookmarksMenu->addAction(tr("E&xport Bookmarks…"), m_panel, &BookmarksPanel::askExport);
    bookmarksMenu->addAction(tr("&Import Bookmarks…"), m_panel, &BookmarksPanel::askImport);
}

void Navigator::setFilter(const EventFilter &filter)
{
    m_finder->setFilter(filter);
}

void Navigator::openFind()
{
    m_findBar->open();
}

void Navigator::queryChanged()
{
    const FindQuery query = m_findBar->isVisible() ? m_findBar->query() : FindQuery();
    m_finder->setQuery(query);
    m_note.clear();
    const bool active = m_finder->isActive();
    m_delegate->setMatcher(active ? &m_finder->matcher() : nullptr);
    m_detail->setHighlight(active ? std::make_shared<const TextMatcher>(m_finder->matcher()) : nullptr);
    m_table->viewport()->update();
    m_timeline->update();
    updateFindStatus();
}

qint64 Navigator::stepOrigin(bool forward) const
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid())
        return m_model->indexRow(current.row());
    if (m_model->rowCount() == 0)
        return -1;
    // Nothing selected: from the rows in view, the first one in view included.
    if (forward) {
        const int top = std::max(0, m_table->rowAt(0));
        return m_model->indexRow(top) - 1;
    }
    int bottom = m_table->rowAt(m_table->viewport()->height() - 1);
    if (bottom < 0)
        bottom = m_model->rowCount() - 1;
    return m_model->indexRow(bottom) + 1;
}

void Navigator::findNext(bool forward)
{
    if (m_findBar->isHidden() || m_findBar->query().isEmpty()) {
        openFind();
        return;
    }
    if (!m_finder->isActive())
        return;
    m_lastForward = forward;
    m_note = tr("searching…");
    updateFindStatus();
    m_finder->step(stepOrigin(forward), forward);
}

void Navigator::stepped(qint64 indexRow, bool wrapped)
{
    m_note = wrapped ? (m_lastForward ? tr("search wrapped to the top") : tr("search wrapped to the bottom"))
                     : QString();
    int row = m_model->rowForIndexRow(indexRow);
    if (row < 0 && indexRow >= 0 && indexRow < m_model->journal().eventCount()) {
        // The filter's rows for new events are still on their way: the nearest row shown after it.
        const EventRecord &r = m_model->journal().record(indexRow);
        const JournalEntry &entry = m_model->journal().files()[m_model->journal().fileOfRow(indexRow)].entry;
        row = m_model->locate({r.seq, entry.startSeq, entry.name, r.offset()}).row;
    }
    if (row >= 0)
        m_table->goToRow(row, QAbstractItemView::PositionAtCenter);
    updateFindStatus();
}

void Navigator::updateFindStatus()
{
    if (m_findBar->query().isEmpty() || m_findBar->isHidden()) {
        m_findBar->setStatus(QString());
        return;
    }
    if (!m_finder->matcher().isValid()) {
        m_findBar->setError(m_finder->matcher().errorText());
        return;
    }
    QString count;
    const qint64 total = m_finder->matchCount();
    const QModelIndex current = m_table->currentIndex();
    const qint64 k = current.isValid() ? m_finder->ordinalOf(m_model->indexRow(current.row())) : 0;
    if (m_finder->isCounting())
        count = tr("counting… %1%").arg(int(m_finder->countProgress() * 100));
    else if (total == 0)
        count = tr("no matches");
    else if (k > 0)
        count = tr("%1 of %2").arg(number(k), number(total));
    else
        count = total == 1 ? tr("1 match") : tr("%1 matches").arg(number(total));
    if (m_note == tr("searching…") && !m_finder->isStepping())
        m_note.clear();
    m_findBar->setStatus(count, m_note);
}

void Navigator::toggleBookmark()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        Q_EMIT noticeRequested(tr("Select an event to bookmark it."));
        return;
    }
    m_bookmarks->toggle(current.row());
}

void Navigator::nameBookmark()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        Q_EMIT noticeRequested(tr("Select an event to bookmark it."));
        return;
    }
    if (m_bookmarks->bookmarkOfRow(current.row()) < 0)
        m_bookmarks->toggle(current.row());
    const int i = m_bookmarks->bookmarkOfRow(current.row());
    if (i < 0)
        return;
    const EventTableModel::EventKey key = m_bookmarks->keyOf(i);
    auto *dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("bookmarkNameDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Name Bookmark"));
    dialog->setLabelText(tr("Name of the bookmark on seq %1:").arg(key.seq));
    dialog->setTextValue(m_bookmarks->bookmarks()[i].name);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, key](const QString &text) {
        // Found again by event: bookmarks may have been added or removed while the dialog was open.
        for (int j = 0; j < m_bookmarks->rowCount(); ++j) {
            if (m_bookmarks->keyOf(j) == key)
                m_bookmarks->rename(j, text.trimmed());
        }
    });
    dialog->open();
}

void Navigator::nextBookmark(bool forward)
{
    const QModelIndex current = m_table->currentIndex();
    bool wrapped = false;
    const int row = m_bookmarks->nextRow(current.isValid() ? current.row() : -1, forward, &wrapped);
    if (row < 0) {
        Q_EMIT noticeRequested(m_bookmarks->rowCount() == 0
                                   ? tr("No bookmarks yet: M bookmarks the selected event.")
                                   : tr("No bookmarked event is among the rows shown."));
        return;
    }
    m_table->goToRow(row, QAbstractItemView::PositionAtCenter);
}

void Navigator::goToBookmark(int bookmark)
{
    const EventTableModel::EventKey key = m_bookmarks->keyOf(bookmark);
    if (key.isNull())
        return;
    const EventTableModel::Location where = m_model->locate(key);
    if (where.exact) {
        m_table->goToRow(where.row, QAbstractItemView::PositionAtCenter);
        return;
    }
    if (where.inJournal)
        Q_EMIT noticeRequested(
            tr("Seq %1 is hidden by the current filter; clear the filter to go to it.").arg(key.seq));
    else if (where.pruned)
        Q_EMIT noticeRequested(
            tr("Seq %1 was pruned with its file %2; the bookmark stays until you remove it.")
                .arg(key.seq)
                .arg(key.fileName));
    else
        Q_EMIT noticeRequested(tr("Seq %1 is no longer in %2.").arg(key.seq).arg(key.fileName));
}
