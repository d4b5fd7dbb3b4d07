// SPDX-License-Identifier: MIT
#include "sessionpanel.h"

#include "eventsummary.h"
#include "eventtablemodel.h"
#include "rowtableview.h"
#include "sessionstate.h"
#include "textcelldelegate.h"
#include "workerpool.h"

#include <QAbstractTableModel>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QPalette>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace {

// How many children, items and open questions the panel lists; the rest are counted.
constexpr size_t MaxListed = 50;

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString seqLink(quint64 seq)
{
    return QStringLiteral("<a href=\"seq:%1\">seq %1</a>").arg(seq);
}

QString row(const QString &label, const QString &html)
{
    return QStringLiteral(
               "<tr><td style=\"color:#666; padding-right:8px\" valign=\"top\">%1</td><td>%2</td></tr>")
        .arg(esc(label), html);
}

QString more(size_t shown, size_t total)
{
    return total > shown ? QStringLiteral("<br>… and %1 more").arg(total - shown) : QString();
}

// The state as a compact table with links; built on the worker, so the GUI thread only sets it.
QString toHtml(const SessionState &s)
{
    QString h = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"1\">");
    QStringList state;
    state << (s.exists    ? QStringLiteral("<b>exists</b>")
              : s.deleted ? QStringLiteral("<b style=\"color:#b00020\">deleted</b>")
                          : QStringLiteral("<i>not yet created</i>"));
    if (s.createdSeq)
        state << QStringLiteral("created ") + seqLink(*s.createdSeq);
    if (s.deletedSeq && s.deleted)
        state << QStringLiteral("deleted ") + seqLink(*s.deletedSeq);
    if (s.cleared && s.clearedSeq)
        state << QStringLiteral("cleared ") + seqLink(*s.clearedSeq);
    h += row(QStringLiteral("state"), state.join(QStringLiteral(" · ")));
    QStringList kind;
    if (!s.kind.isEmpty())
        kind << esc(s.kind);
    if (s.pinned.value_or(false))
        kind << QStringLiteral("📌 pinned");
    if (!s.projectId.isEmpty())
        kind << QStringLiteral("project ") + esc(s.projectId);
    if (!kind.isEmpty())
        h += row(QStringLiteral("kind"), kind.join(QStringLiteral(" · ")));
    if (s.titleVersion)
        h += row(QStringLiteral("title"), QStringLiteral("<b>%1</b> v%2 %3")
                                              .arg(esc(s.title))
                                              .arg(*s.titleVersion)
                                              .arg(esc(s.titleSource)));
    if (!s.parentSessionId.isEmpty())
        h += row(QStringLiteral("parent"),
                 QStringLiteral("<a href=\"%1\">%2</a>%3")
                     .arg(s.parentLinkSeq ? QStringLiteral("seq:%1").arg(*s.parentLinkSeq)
                                          : QStringLiteral("session:") + esc(s.parentSessionId),
                          esc(s.parentSessionId),
                          s.parentDeleted ? QStringLiteral(" <span style=\"color:#b00020\">(deleted)</span>")
                                          : QString()));
    if (s.taskList) {
        const SessionState::TaskList &t = *s.taskList;
        QString items;
        for (size_t i = 0; i < std::min(MaxListed, t.items.size()); ++i) {
            const SessionState::Item &item = t.items[i];
            const QString mark = item.status == QLatin1String("completed")     ? QStringLiteral("☑")
                                 : item.status == QLatin1String("in_progress") ? QStringLiteral("▶")
                                 : item.status == QLatin1String("blocked")     ? QStringLiteral("⛔")
                                                                               : QStringLiteral("☐");
            items += QStringLiteral("<br>%1 %2 <span style=\"color:#666\">%3</span> %4")
                         .arg(mark, esc(item.id), esc(item.status), esc(item.description));
        }
        h += row(QStringLiteral("task list"),
                 QStringLiteral("<b>%1</b>%2 (%3)")
                         .arg(esc(t.title), t.completed ? QStringLiteral(" ✔ completed") : QString(),
                              seqLink(t.seq)) +
                     items + more(MaxListed, t.items.size()));
    }
    const SessionState::PlanMode &p = s.planMode;
    if (p.active || !p.status.isEmpty() || p.lastFileSeq) {
        QString plan = p.active ? QStringLiteral("<b>active</b>") : QStringLiteral("off");
        if (!p.status.isEmpty())
            plan += QStringLiteral(", ") + esc(p.status);
        if (!p.active && p.approved)
            plan += *p.approved ? QStringLiteral(", approved") : QStringLiteral(", not approved");
        if (!p.planFilePath.isEmpty())
            plan += QStringLiteral("<br>") + esc(p.planFilePath);
        if (p.lastFileSeq)
            plan += QStringLiteral("<br>last update %1: %2")
                        .arg(seqLink(*p.lastFileSeq), esc(p.lastContentSummary));
        h += row(QStringLiteral("plan mode"), plan);
    }
    if (!s.pending.empty()) {
        QStringList pending;
        for (size_t i = 0; i < std::min(MaxListed, s.pending.size()); ++i) {
            const SessionState::Pending &q = s.pending[i];
            pending << QStringLiteral("%1 %2: %3")
                           .arg(seqLink(q.seq),
                                q.type == QLatin1String("need_clarification") ? QStringLiteral("question")
                                                                              : QStringLiteral("approval"),
                                esc(q.text));
        }
        h += row(QStringLiteral("waiting"),
                 pending.join(QStringLiteral("<br>")) + more(MaxListed, s.pending.size()));
    }
    if (!s.children.empty()) {
        // Running children first, then the latest ones.
        std::vector<const SessionState::Child *> order;
        for (const SessionState::Child &c : s.children)
            order.push_back(&c);
        std::stable_sort(order.begin(), order.end(), [](const auto *a, const auto *b) {
            if (a->status.isEmpty() != b->status.isEmpty())
                return a->status.isEmpty();
            return a->startedSeq > b->startedSeq;
        });
        QStringList children;
        for (size_t i = 0; i < std::min(MaxListed, order.size()); ++i) {
            const SessionState::Child &c = *order[i];
            children << QStringLiteral("<a href=\"session:%1\">%1</a> %2%3%4")
                            .arg(esc(c.sessionId),
                                 c.status.isEmpty() ? QStringLiteral("<b>running</b>") : esc(c.status),
                                 c.title.isEmpty() ? QString() : QStringLiteral(" “%1”").arg(esc(c.title)),
                                 c.error.isEmpty() ? QString() : QStringLiteral(": ") + esc(c.error));
        }
        h += row(QStringLiteral("children"), QStringLiteral("%1<br>").arg(s.children.size()) +
                                                 children.join(QStringLiteral("<br>")) +
                                                 more(MaxListed, s.children.size()));
    }
    QString runs = QStringLiteral("%1 started, %2 completed, %3 cancelled, %4 errors")
                       .arg(s.runs.started)
                       .arg(s.runs.completed)
                       .arg(s.runs.cancelled)
                       .arg(s.runs.errors);
    if (!s.runs.current.isEmpty())
        runs += QStringLiteral("<br><b>running</b> ") + esc(s.runs.current);
    if (!s.runs.lastError.isEmpty())
        runs += QStringLiteral("<br>last error: ") + esc(s.runs.lastError);
    h += row(QStringLiteral("runs"), runs);
    h += row(QStringLiteral("tokens"), QStringLiteral("%1 (%2 prompt, %3 completion)")
                                           .arg(EventSummary::groupDigits(s.usage.totalTokens),
                                                EventSummary::groupDigits(s.usage.promptTokens),
                                                EventSummary::groupDigits(s.usage.completionTokens)));
    QStringList roles;
    for (auto it = s.messagesByRole.cbegin(); it != s.messagesByRole.cend(); ++it)
        roles << QStringLiteral("%1 %2").arg(esc(it.key())).arg(it.value());
    h += row(QStringLiteral("events"),
             QString::number(s.eventCount) +
                 (roles.isEmpty() ? QString()
                                  : QStringLiteral(" · messages: ") + roles.join(QStringLiteral(", "))));
    for (const QString &e : s.errors)
        h += row(QStringLiteral("unreadable"), esc(e));
    return h + QStringLiteral("</table>");
}

} // namespace

// The session's events, one row each: seq, type, summary. Rows after the state's seq are dimmed, the
// selected event is bold. The rows live in the shared state; a new state swaps them in one reset.
class SessionStoryModel : public QAbstractTableModel
{
public:
    enum Column { SeqColumn, TypeColumn, SummaryColumn, ColumnCount };
    enum Role { SeqRole = Qt::UserRole };

    using QAbstractTableModel::QAbstractTableModel;

    void setState(std::shared_ptr<const SessionState> state)
    {
        beginResetModel();
        m_state = std::move(state);
        endResetModel();
    }
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() || !m_state ? 0 : int(m_state->events.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
            return {};
        const SessionState::Event &e = m_state->events[size_t(index.row())];
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == SeqColumn    ? QVariant(QString::number(e.seq))
                   : index.column() == TypeColumn ? QVariant(e.type)
                                                  : QVariant(e.summary);
        case Qt::ToolTipRole:
            return QStringLiteral("%1\n%2").arg(e.ts, e.summary);
        case Qt::ForegroundRole:
            return e.applied ? QVariant() : QVariant(QColor(0x99, 0x99, 0x99));
        case Qt::FontRole:
            if (e.applied && e.seq == m_state->atSeq) {
                QFont f;
                f.setBold(true);
                return f;
            }
            return {};
        case Qt::TextAlignmentRole:
            return index.column() == SeqColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
        case SeqRole:
            return e.seq;
        }
        return {};
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        return section == SeqColumn ? tr("Seq") : section == TypeColumn ? tr("Type") : tr("Summary");
    }

private:
    std::shared_ptr<const SessionState> m_state;
};

struct SessionPanel::Result
{
    std::shared_ptr<const SessionState> state;
    std::shared_ptr<const SessionHistory> history;
    QString html;
    int currentRow = -1;
};

SessionPanel::SessionPanel(EventTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_header(new QLabel(this))
    , m_text(new QTextBrowser(this))
    , m_story(new RowTableView(this))
    , m_storyModel(new SessionStoryModel(this))
{
    setObjectName(QStringLiteral("sessionPanel"));
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(QStringLiteral("sessionState"));
    m_text->setOpenLinks(false);
    m_text->setFrameShape(QFrame::NoFrame);
    m_story->setObjectName(QStringLiteral("sessionStory"));
    m_story->setAccessibleName(tr("Session story"));
    m_story->setModel(m_storyModel);
    m_story->setItemDelegate(new TextCellDelegate(m_story));
    m_story->setSelectionMode(QAbstractItemView::SingleSelection);
    m_story->setWordWrap(false);
    m_story->setShowGrid(false);
    m_story->verticalHeader()->hide();
    m_story->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_story->verticalHeader()->setDefaultSectionSize(m_story->fontMetrics().height() + 4);
    m_story->horizontalHeader()->setSectionResizeMode(SessionStoryModel::SummaryColumn, QHeaderView::Stretch);
    m_story->setColumnWidth(SessionStoryModel::SeqColumn, 70);
    m_story->setColumnWidth(SessionStoryModel::TypeColumn, 150);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_text);
    split->addWidget(m_story);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addWidget(split, 1);

    connect(m_text, &QTextBrowser::anchorClicked, this, &SessionPanel::linkActivated);
    connect(m_story, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT seqRequested(index.data(SessionStoryModel::SeqRole).toULongLong());
    });
    connect(m_story, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) {
        Q_EMIT seqRequested(index.data(SessionStoryModel::SeqRole).toULongLong());
    });
    connect(&m_job, &QFutureWatcherBase::finished, this, &SessionPanel::finished);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(500);
    connect(&m_refresh, &QTimer::timeout, this, &SessionPanel::start);
    // A new journal (opened, reloaded) numbers its rows anew: nothing read from the old one is kept.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_history.reset(); });
    connect(m_model, &EventTableModel::journalChanged, this, [this] {
        // Only when the session's own rows changed: other sessions' events leave its story as it is.
        if (!m_session.isEmpty() && !m_refresh.isActive() && sessionRowsMark() != m_rowsMark)
            m_refresh.start();
    });
    clear();
}

SessionPanel::~SessionPanel()
{
    if (m_cancel)
        m_cancel->store(true);
    m_job.waitForFinished();
}

void SessionPanel::clear()
{
    ++m_generation;
    if (m_cancel)
        m_cancel->store(true);
    m_session.clear();
    m_seq = 0;
    m_state.reset();
    m_refresh.stop();
    m_header->setText(tr("Select an event to see its session as of that event."));
    m_text->clear();
    m_storyModel->setState(nullptr);
}

void SessionPanel::showIndex(const QModelIndex &index)
{
    if (!index.isValid() || index.model() != m_model) {
        clear();
        return;
    }
    const qint64 indexRow = index.data(EventTableModel::IndexRowRole).toLongLong();
    const JournalIndex &journal = m_model->journal();
    if (indexRow < 0 || indexRow >= journal.eventCount()) {
        clear();
        return;
    }
    const EventRecord &r = journal.record(indexRow);
    if (r.session == 0) {
        clear();
        m_header->setText(tr("Seq %1 belongs to no session.").arg(r.seq));
        return;
    }
    m_session = journal.sessions().text(r.session);
    m_seq = r.seq;
    start();
}

void SessionPanel::start()
{
    if (m_session.isEmpty())
        return;
    m_refresh.stop();
    if (m_job.isRunning()) {
        // One job at a time: the running one is told to stop, and this request starts when it has.
        m_cancel->store(true);
        m_restart = true;
        return;
    }
    m_restart = false;
    const JournalIndex &journal = m_model->journal();
    const QByteArray utf8 = m_session.toUtf8();
    const qint64 id = journal.sessions().find(std::string_view(utf8.constData(), size_t(utf8.size())));
    m_header->setText(tr("<b>%1</b> as of seq %2 …").arg(m_session.toHtmlEscaped()).arg(m_seq));
    if (id <= 0) {
        m_header->setText(tr("%1 is no longer in the journal.").arg(m_session));
        return;
    }
    m_rowsMark = sessionRowsMark();
    m_cancel = std::make_shared<std::atomic_bool>(false);
    SessionStateReader::Options options;
    options.atSeq = m_seq;
    options.storyAfter = true;
    options.cancel = m_cancel.get();
    const auto rows = journal.snapshot();
    const auto types = SessionStateReader::typesOf(journal);
    // The session's events as read for an earlier seq, while its rows are as they were then: moving through
    // its events replays them again without reading the journal.
    std::shared_ptr<const SessionHistory> kept;
    if (m_history && m_history->sessionId == m_session && m_historyMark == m_rowsMark)
        kept = m_history;
    m_historyMark = m_rowsMark;
    m_jobGeneration = ++m_generation;
    m_job.setFuture(WorkerPool::run([rows, id, name = m_session, types, options, cancel = m_cancel,
                                     kept]() -> std::shared_ptr<const Result> {
        auto history = kept ? kept
                            : std::make_shared<const SessionHistory>(
                                  SessionStateReader::read(*rows, quint32(id), name, options));
        if (cancel->load())
            return nullptr;
        auto state =
            std::make_shared<SessionState>(SessionStateReader::replay(*history, *rows, types, options));
        if (cancel->load())
            return nullptr;
        auto result = std::make_shared<Result>();
        result->html = toHtml(*state);
        for (size_t i = 0; i < state->events.size(); ++i)
            if (state->events[i].applied && state->events[i].seq == state->atSeq)
                result->currentRow = int(i);
        result->state = std::move(state);
        result->history = std::move(history);
        return result;
    }));
}

void SessionPanel::finished()
{
    WorkerPool::takeOver();
    const bool current = m_jobGeneration == m_generation;
    std::shared_ptr<const Result> result;
    if (!m_job.isCanceled() && m_job.future().resultCount() > 0)
        result = m_job.result();
    if (m_restart) {
        start();
        return;
    }
    if (!current || !result)
        return;
    m_history = result->history;
    m_state = result->state;
    const SessionState &s = *m_state;
    m_header->setText(tr("<b>%1</b> as of seq %2 · %3 of %4 events")
                          .arg(s.sessionId.toHtmlEscaped())
                          .arg(s.atSeq)
                          .arg(s.eventCount)
                          .arg(s.events.size()));
    const int scroll = m_text->verticalScrollBar() ? m_text->verticalScrollBar()->value() : 0;
    m_text->setHtml(result->html);
    m_text->verticalScrollBar()->setValue(scroll);
    m_storyModel->setState(m_state);
    if (result->currentRow >= 0) {
        const QModelIndex index = m_storyModel->index(result->currentRow, 0);
        m_story->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        m_story->scrollTo(index, QAbstractItemView::PositionAtCenter);
    }
    Q_EMIT stateShown();
}

std::pair<qint64, qint64> SessionPanel::sessionRowsMark() const
{
    const JournalIndex &journal = m_model->journal();
    const QByteArray utf8 = m_session.toUtf8();
    const qint64 id = journal.sessions().find(std::string_view(utf8.constData(), size_t(utf8.size())));
    if (id <= 0 || id >= journal.sessionRows().size() || journal.sessionRows().at(id).isEmpty())
        return {-1, -1};
    const SessionRows &rows = journal.sessionRows().at(id);
    return {rows.size(), qint64(rows.at(0))};
}

QString SessionPanel::stateText() const
{
    return m_text->toPlainText();
}

void SessionPanel::linkActivated(const QUrl &url)
{
    const QString target = url.toString();
    if (target.startsWith(QLatin1String("seq:"))) {
        bool ok = false;
        const quint64 seq = target.mid(4).toULongLong(&ok);
        if (ok)
            Q_EMIT seqRequested(seq);
        return;
    }
    if (target.startsWith(QLatin1String("session:"))) {
        // A child (or a parent named by its own rows): its first event.
        const QByteArray name = QUrl::fromPercentEncoding(target.mid(8).toUtf8()).toUtf8();
        const JournalIndex &journal = m_model->journal();
        const qint64 id = journal.sessions().find(std::string_view(name.constData(), size_t(name.size())));
        if (id <= 0 || id >= journal.sessionRows().size() || journal.sessionRows().at(id).isEmpty())
            return;
        Q_EMIT seqRequested(journal.record(qint64(journal.sessionRows().at(id).at(0))).seq);
    }
}
