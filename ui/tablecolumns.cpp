// SPDX-License-Identifier: MIT
#include "tablecolumns.h"

#include "eventtablemodel.h"
#include "eventtableview.h"

#include <QAction>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

namespace {

const QString FieldsKey = QStringLiteral("window/fieldColumns");
const QString HeaderKey = QStringLiteral("window/columns");
const QString CountKey = QStringLiteral("window/columnCount");

// The fixed columns in the order they show by default, field columns before the summary: the summary last, so
// that it takes the room left.
constexpr EventTableModel::Column DefaultOrder[] = {
    EventTableModel::SeqColumn,  EventTableModel::TimeColumn, EventTableModel::SessionColumn,
    EventTableModel::TypeColumn, EventTableModel::FileColumn, EventTableModel::SummaryColumn};

} // namespace

TableColumns::TableColumns(EventTableView *table, EventTableModel *model, QObject *parent)
    : QObject(parent)
    , m_table(table)
    , m_model(model)
{
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionsMovable(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, &TableColumns::showMenu);
    connect(m_model, &QAbstractItemModel::columnsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                QHeaderView *header = m_table->horizontalHeader();
                // Room for its header and a short value: the summary keeps the rest.
                const int value = m_table->fontMetrics().horizontalAdvance(QString(9, QLatin1Char('x'))) + 16;
                for (int column = first; column <= last; ++column) {
                    const QString title = m_model->headerData(column, Qt::Horizontal).toString();
                    header->setSectionResizeMode(column, QHeaderView::Interactive);
                    header->resizeSection(
                        column, std::max(value, header->fontMetrics().horizontalAdvance(title) + 24));
                    if (!header->isSectionHidden(EventTableModel::SummaryColumn))
                        header->moveSection(header->visualIndex(column),
                                            header->visualIndex(EventTableModel::SummaryColumn));
                }
            });
    applyDefaultOrder();
    enforceModes();
}

void TableColumns::enforceModes()
{
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    for (int column = 0; column < header->count(); ++column)
        header->setSectionResizeMode(column, QHeaderView::Interactive);
    if (visibleCount() == 0)
        header->showSection(EventTableModel::SummaryColumn);
}

void TableColumns::applyDefaultOrder()
{
    QHeaderView *header = m_table->horizontalHeader();
    int visual = 0;
    for (const EventTableModel::Column column : DefaultOrder)
        if (column != EventTableModel::SummaryColumn)
            header->moveSection(header->visualIndex(column), visual++);
    for (int column = EventTableModel::ColumnCount; column < header->count(); ++column)
        header->moveSection(header->visualIndex(column), visual++);
    header->moveSection(header->visualIndex(EventTableModel::SummaryColumn), visual);
}

int TableColumns::visibleCount() const
{
    const QHeaderView *header = m_table->horizontalHeader();
    return header->count() - header->hiddenSectionCount();
}

int TableColumns::addColumn(const FieldColumn &column)
{
    const qsizetype existing = m_model->fieldColumns().indexOf(column);
    if (existing >= 0) {
        const int at = EventTableModel::ColumnCount + int(existing);
        m_table->horizontalHeader()->showSection(at);
        return at;
    }
    m_model->addFieldColumn(column);
    return m_model->columnCount() - 1;
}

bool TableColumns::addPathColumn(const QString &path, QString *error)
{
    const auto column = FieldColumn::path(path);
    if (!column) {
        if (error)
            *error = tr("“%1” is not a path. Write keys with dots and array items in brackets, for example "
                        "event.usage.total_tokens or event.task_list.items[0].status; a key with other "
                        "characters goes in quotes: event[\"a key\"].")
                         .arg(path);
        return false;
    }
    addColumn(*column);
    return true;
}

bool TableColumns::removeColumn(int column)
{
    return m_model->removeFieldColumn(column);
}

void TableColumns::setColumnVisible(int column, bool visible)
{
    QHeaderView *header = m_table->horizontalHeader();
    if (column < 0 || column >= header->count() || header->isSectionHidden(column) == !visible)
        return;
    if (!visible && visibleCount() <= 1)
        return;
    header->setSectionHidden(column, !visible);
}

void TableColumns::reset()
{
    m_model->setFieldColumns({});
    QHeaderView *header = m_table->horizontalHeader();
    for (int column = 0; column < header->count(); ++column) {
        header->showSection(column);
        header->resizeSection(column, header->defaultSectionSize());
    }
    applyDefaultOrder();
    enforceModes();
    Q_EMIT layoutReset();
}

void TableColumns::promptForPath(QWidget *parent)
{
    QString text;
    for (;;) {
        bool ok = false;
        text = QInputDialog::getText(
            parent, tr("Add Column by Path"),
            tr("The path of a value in each line, for example event.usage.total_tokens, "
               "event.task_list.items[0].status or session_id:"),
            QLineEdit::Normal, text, &ok);
        if (!ok || text.trimmed().isEmpty())
            return;
        QString error;
        if (addPathColumn(text, &error))
            return;
        QMessageBox::warning(parent, tr("Add Column by Path"), error);
    }
}

QMenu *TableColumns::createMenu(int section, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("columnsMenu"));
    QHeaderView *header = m_table->horizontalHeader();
    const int visible = visibleCount();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int column = header->logicalIndex(visual);
        QAction *show = menu->addAction(m_model->headerData(column, Qt::Horizontal).toString());
        show->setObjectName(QStringLiteral("showColumn%1").arg(column));
        show->setCheckable(true);
        show->setChecked(!header->isSectionHidden(column));
        show->setEnabled(header->isSectionHidden(column) || visible > 1);
        connect(show, &QAction::toggled, this, [this, column](bool on) { setColumnVisible(column, on); });
    }
    menu->addSeparator();
    QMenu *dialect = menu->addMenu(tr("Add Dialect Column"));
    dialect->setObjectName(QStringLiteral("dialectColumnsMenu"));
    for (const QString &name : FieldColumn::dialectHeaders()) {
        const FieldColumn column = FieldColumn::dialect(name);
        QAction *add = dialect->addAction(column.title());
        add->setObjectName(QStringLiteral("dialectColumn:%1").arg(name));
        add->setCheckable(true);
        add->setChecked(m_model->fieldColumns().contains(column));
        connect(add, &QAction::toggled, this, [this, column](bool on) {
            const qsizetype at = m_model->fieldColumns().indexOf(column);
            if (on)
                addColumn(column);
            else if (at >= 0)
                removeColumn(EventTableModel::ColumnCount + int(at));
        });
    }
    QAction *byPath = menu->addAction(tr("Add Column by Path…"), this, [this] { promptForPath(m_table); });
    byPath->setObjectName(QStringLiteral("addPathColumn"));
    if (const FieldColumn *field = m_model->fieldColumn(section)) {
        QAction *remove =
            menu->addAction(tr("Remove Column “%1”").arg(field->title()), this, [this, column = *field] {
                const qsizetype at = m_model->fieldColumns().indexOf(column);
                if (at >= 0)
                    removeColumn(EventTableModel::ColumnCount + int(at));
            });
        remove->setObjectName(QStringLiteral("removeColumn"));
    }
    menu->addSeparator();
    QAction *resetAction = menu->addAction(tr("Reset Columns"), this, &TableColumns::reset);
    resetAction->setObjectName(QStringLiteral("resetColumns"));
    return menu;
}

void TableColumns::showMenu(const QPoint &pos)
{
    QHeaderView *header = m_table->horizontalHeader();
    QMenu *menu = createMenu(header->logicalIndexAt(pos), m_table);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(header->viewport()->mapToGlobal(pos));
}

void TableColumns::save(QSettings &settings) const
{
    QStringList ids;
    for (const FieldColumn &column : m_model->fieldColumns())
        ids.append(column.id());
    settings.setValue(FieldsKey, ids);
    settings.setValue(CountKey, m_table->horizontalHeader()->count());
    settings.setValue(HeaderKey, m_table->horizontalHeader()->saveState());
}

void TableColumns::restore(const QSettings &settings)
{
    QList<FieldColumn> columns;
    const QStringList ids = settings.value(FieldsKey).toStringList();
    for (const QString &id : ids)
        if (const auto column = FieldColumn::fromId(id))
            columns.append(*column);
    m_model->setFieldColumns(columns);
    QHeaderView *header = m_table->horizontalHeader();
    const QByteArray state = settings.value(HeaderKey).toByteArray();
    // A state for another set of columns (one no longer understood) would put widths on the wrong ones.
    const bool sameColumns =
        settings.value(CountKey, int(EventTableModel::ColumnCount)).toInt() == header->count();
    if (state.isEmpty() || !sameColumns || !header->restoreState(state))
        applyDefaultOrder();
    else if (!settings.contains(FieldsKey))
        applyDefaultOrder(); // saved before columns could move: the widths hold, the order is the new default
    enforceModes();
}
