// SPDX-License-Identifier: MIT
#include "rowactions.h"

#include "eventquery.h"
#include "eventtablemodel.h"
#include "eventtableview.h"
#include "filterbar.h"
#include "journalfile.h"
#include "jsonpretty.h"
#include "mainwindow.h"
#include "noticebar.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QKeyEvent>
#include <QLocale>
#include <QMenu>

#include <algorithm>
#include <cerrno>

namespace {

// A name in a menu item: quoted, and not so long that the menu spans the screen.
QString elided(const QString &name)
{
    return QStringLiteral("“%1”").arg(name.size() > 40 ? name.left(39) + QChar(0x2026) : name);
}

} // namespace

RowActions::RowActions(MainWindow *window)
    : QObject(window)
    , m_window(window)
    , m_table(window->table())
    , m_copy(this)
    , m_term(this)
{
    EventTableView *table = window->table();
    // Several rows can be selected (Shift, Ctrl) to copy them; the current row is the one the panes show.
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table, &QWidget::customContextMenuRequested, this, &RowActions::showMenu);
    table->installEventFilter(this);
}

bool RowActions::eventFilter(QObject *watched, QEvent *event)
{
    // Compared with the table kept at construction: events still arrive while the window is being destroyed,
    // when it is no longer a MainWindow to ask.
    if (watched == m_table &&
        (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) &&
        static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        event->accept();
        if (event->type() == QEvent::KeyPress)
            copySelectedLines();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

void RowActions::refuse(const QString &reason)
{
    m_window->notice()->showMessage(reason, NoticeBar::Kind::Info);
    Q_EMIT copyFailed(reason);
}

void RowActions::copySelectedLines()
{
    const QItemSelection selection = m_window->table()->selectionModel()->selection();
    // Rows in ranges, merged: the count is known before a row is listed.
    std::vector<std::pair<int, int>> ranges;
    ranges.reserve(size_t(selection.size()));
    for (const QItemSelectionRange &range : selection)
        ranges.emplace_back(range.top(), range.bottom());
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<int, int>> merged;
    qint64 count = 0;
    for (const auto &[top, bottom] : ranges) {
        if (!merged.empty() && top <= merged.back().second + 1)
            merged.back().second = std::max(merged.back().second, bottom);
        else
            merged.emplace_back(top, bottom);
    }
    for (const auto &[top, bottom] : merged)
        count += bottom - top + 1;
    if (count == 0) {
        const QModelIndex current = m_window->table()->currentIndex();
        if (!current.isValid())
            return;
        merged = {{current.row(), current.row()}};
        count = 1;
    }
    if (count > MaxCopyRows) {
        refuse(tr("%1 rows are selected: copying is limited to %2 rows at a time. Export them instead "
                  "(Ctrl+E), which writes the lines byte for byte.")
                   .arg(QLocale().toString(count), QLocale().toString(MaxCopyRows)));
        return;
    }
    std::vector<qint64> indexRows;
    indexRows.reserve(size_t(count));
    const EventTableModel *model = m_window->model();
    for (const auto &[top, bottom] : merged)
        for (int row = top; row <= bottom; ++row)
            indexRows.push_back(model->indexRow(row));
    startCopy(std::move(indexRows), false);
}

void RowActions::copyLines(const std::vector<int> &rows)
{
    std::vector<qint64> indexRows;
    indexRows.reserve(rows.size());
    for (const int row : rows)
        if (row >= 0 && row < m_window->model()->rowCount())
            indexRows.push_back(m_window->model()->indexRow(row));
    startCopy(std::move(indexRows), false);
}

void RowActions::copyPrettyJson(int row)
{
    if (row < 0 || row >= m_window->model()->rowCount())
        return;
    startCopy({m_window->model()->indexRow(row)}, true);
}

void RowActions::filterByValue(qint64 indexRow, const JsonPath::Path &path, bool negate)
{
    auto rows = m_window->model()->journal().snapshot();
    m_term.start(
        [rows, indexRow, path, negate](const std::atomic<bool> &) {
            for (const auto &file : rows->files) {
                if (indexRow < file.firstRow || indexRow >= file.firstRow + file.records.size())
                    continue;
                const EventRecord &r = file.records[indexRow - file.firstRow];
                QByteArray line(qsizetype(r.length), Qt::Uninitialized);
                if (!JournalFile(file.path).readExactly(r.offset(), line.data(), r.length))
                    return QString();
                return QueryLanguage::valueTerm(std::string_view(line.constData(), size_t(line.size())), path,
                                                negate)
                    .value_or(QString());
            }
            return QString();
        },
        [this](const QString &term) {
            if (term.isEmpty())
                refuse(tr("That value is no longer in the journal, or too long to filter by; reload (F5)."));
            else
                m_window->filterBar()->addQueryTerm(term);
        });
}

void RowActions::startCopy(std::vector<qint64> indexRows, bool pretty)
{
    if (indexRows.empty())
        return;
    std::sort(indexRows.begin(), indexRows.end());
    auto rows = m_window->model()->journal().snapshot();
    m_copy.start(
        [rows, indexRows = std::move(indexRows), pretty](const std::atomic<bool> &cancel) {
            Copy copy;
            struct Line
            {
                const QByteArray *path;
                quint64 offset;
                quint64 length;
            };
            std::vector<Line> lines;
            lines.reserve(indexRows.size());
            qint64 total = 0;
            size_t file = 0;
            for (const qint64 row : indexRows) {
                while (file < rows->files.size() &&
                       rows->files[file].firstRow + rows->files[file].records.size() <= row)
                    ++file;
                if (file == rows->files.size())
                    break;
                const EventRecord &r = rows->files[file].records[row - rows->files[file].firstRow];
                // The line as in the file: a CR before its newline stays.
                const quint64 length =
                    quint64(r.length) + ((r.flags & EventRecord::CarriageReturn) && !pretty ? 1 : 0);
                lines.push_back({&rows->files[file].path, r.offset(), length});
                total += qint64(length) + 1;
            }
            if (total > MaxCopyBytes) {
                copy.error =
                    tr("The selected lines hold %1: copying is limited to %2 at a time. Export them "
                       "instead (Ctrl+E), which writes the lines byte for byte.")
                        .arg(QLocale().formattedDataSize(total), QLocale().formattedDataSize(MaxCopyBytes));
                return copy;
            }
            copy.text.reserve(qsizetype(total));
            const QByteArray *openPath = nullptr;
            JournalFile opened;
            for (size_t i = 0; i < lines.size(); ++i) {
                if ((i & 1023) == 0 && cancel.load(std::memory_order_relaxed))
                    break;
                const Line &line = lines[i];
                if (line.path != openPath) {
                    opened.open(*line.path);
                    openPath = line.path;
                }
                if (i > 0)
                    copy.text += '\n';
                const qsizetype at = copy.text.size();
                copy.text.resize(at + qsizetype(line.length));
                if (!opened.readExactly(line.offset, copy.text.data() + at, line.length)) {
                    copy.error =
                        tr("%1 changed or vanished since it was indexed; reload (F5) and copy again.")
                            .arg(QString::fromUtf8(*line.path));
                    break;
                }
            }
            if (!copy.error.isEmpty())
                return copy;
            copy.rows = qint64(lines.size());
            if (pretty)
                copy.text =
                    JsonPretty::format(std::string_view(copy.text.constData(), size_t(copy.text.size())));
            return copy;
        },
        [this](const Copy &copy) {
            if (!copy.error.isEmpty()) {
                refuse(copy.error);
                return;
            }
            QApplication::clipboard()->setText(QString::fromUtf8(copy.text));
            Q_EMIT copied(copy.rows, copy.text.size());
        });
}

QMenu *RowActions::createMenu(const QModelIndex &index, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("rowMenu"));
    const EventTableModel *model = m_window->model();
    if (!index.isValid() || index.model() != model)
        return menu;
    const int row = index.row();
    const quint64 seq = index.data(EventTableModel::SeqRole).toULongLong();
    const QString session = model->index(row, EventTableModel::SessionColumn).data().toString();
    const QString type = model->index(row, EventTableModel::TypeColumn).data().toString();
    QItemSelectionModel *selection = m_window->table()->selectionModel();
    const int selected = selection->isRowSelected(row, {}) ? int(selection->selectedRows().size()) : 1;

    const auto add = [menu](const QString &text, const char *name, auto slot) {
        QAction *a = menu->addAction(text, slot);
        a->setObjectName(QLatin1String(name));
        return a;
    };
    QAction *copyLine = selected > 1
                            ? add(tr("Copy %1 Raw Lines").arg(QLocale().toString(selected)), "copyRawLine",
                                  [this] { copySelectedLines(); })
                            : add(tr("Copy Raw Line"), "copyRawLine", [this, row] { copyLines({row}); });
    copyLine->setShortcut(QKeySequence::Copy);
    add(tr("Copy Seq"), "copySeq", [seq] { QApplication::clipboard()->setText(QString::number(seq)); });
    const bool decoded = index.column() < EventTableModel::SummaryColumn ||
                         index.column() == EventTableModel::FileColumn || model->hasRowText(row);
    const QString cell = index.data().toString();
    const QString header = model->headerData(index.column(), Qt::Horizontal).toString();
    QAction *copyCell = add(tr("Copy Cell (%1)").arg(header), "copyCell",
                            [cell] { QApplication::clipboard()->setText(cell); });
    copyCell->setEnabled(decoded);
    add(tr("Copy as Pretty JSON"), "copyPrettyJson", [this, row] { copyPrettyJson(row); });
    menu->addSeparator();
    const QString sessionName = session.isEmpty() ? FilterBar::noSessionText() : session;
    FilterBar *bar = m_window->filterBar();
    add(tr("Filter for Session %1").arg(elided(sessionName)), "filterForSession",
        [bar, session] { bar->setSession(session); });
    add(tr("Filter out Session %1").arg(elided(sessionName)), "filterOutSession",
        [bar, session] { bar->excludeSession(session); });
    add(tr("Filter for Type %1").arg(elided(type)), "filterForType", [bar, type] { bar->setType(type); });
    add(tr("Filter out Type %1").arg(elided(type)), "filterOutType", [bar, type] { bar->excludeType(type); });
    // A field column's value (read again from the line: the cell shows it cut and made printable), or the
    // file's name.
    const FieldColumn *field = model->fieldColumn(index.column());
    const std::optional<JsonPath::Path> path =
        field && field->kind == FieldColumn::Kind::Path ? JsonPath::parse(field->key) : std::nullopt;
    const QString fileName = model->index(row, EventTableModel::FileColumn).data().toString();
    const qint64 indexRow = model->indexRow(row);
    if (path && QueryLanguage::pathFor(*path)) {
        const bool hasValue =
            index.data(EventTableModel::FieldKindRole).toInt() != int(FieldValue::Kind::None);
        const QString value = elided(cell);
        for (const bool negate : {false, true}) {
            QAction *a =
                add(negate ? tr("Filter out %1 = %2").arg(field->key, value)
                           : tr("Filter for %1 = %2").arg(field->key, value),
                    negate ? "filterOutValue" : "filterForValue",
                    [this, indexRow, path = *path, negate] { filterByValue(indexRow, path, negate); });
            a->setEnabled(hasValue);
        }
    } else if (index.column() == EventTableModel::FileColumn && !fileName.isEmpty()) {
        add(tr("Filter for File %1").arg(elided(fileName)), "filterForValue",
            [bar, fileName] { bar->addQueryTerm(QueryLanguage::term(QStringLiteral("file"), fileName)); });
        add(tr("Filter out File %1").arg(elided(fileName)), "filterOutValue", [bar, fileName] {
            bar->addQueryTerm(QueryLanguage::term(QStringLiteral("file"), fileName, true));
        });
    }
    menu->addSeparator();
    add(tr("Export from Seq %1…").arg(seq), "exportFromHere", [this, seq] { m_window->openExportFrom(seq); });
    QAction *showSession = add(tr("Show This Session"), "showSession", [this, row] {
        EventTableView *table = m_window->table();
        if (table->currentIndex().row() != row)
            table->goToRow(row, QAbstractItemView::EnsureVisible);
        m_window->showSessionPanel();
    });
    showSession->setEnabled(!session.isEmpty());
    return menu;
}

void RowActions::showMenu(const QPoint &pos)
{
    EventTableView *table = m_window->table();
    const QModelIndex index = table->indexAt(pos);
    if (!index.isValid())
        return;
    QMenu *menu = createMenu(index, table);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(table->viewport()->mapToGlobal(pos));
}
